// Out-of-process control, for the benchmark and the sandbox that run the
// simulator as its own process: read the state, switch faults, start afresh.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "./faults";
import { partialFaultsSchema } from "./faults";
import { parseJsonObject, readBody, sendJson } from "../shared/http-io";
import { stateAsJson, type SimulatorState } from "./state";

export const CONTROL_PATH = "/__simulator/";

export interface SimulatorControls {
  state: SimulatorState;
  faults(): Faults;
  setFaults(faults: Partial<Faults>): Faults;
  reset(): void;
}

export async function handleControl(
  controls: SimulatorControls,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const route = `${request.method} ${pathname.slice(CONTROL_PATH.length)}`;
  if (route === "GET state") return sendJson(response, 200, stateAsJson(controls.state));
  if (route === "GET faults") return sendJson(response, 200, controls.faults());
  if (route === "POST faults") {
    const parsed = partialFaultsSchema.safeParse(parseJsonObject(await readBody(request)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendJson(response, 400, { error: `${issue.path.join(".") || "body"}: ${issue.message}` });
    }
    return sendJson(response, 200, controls.setFaults(parsed.data));
  }
  if (route === "POST reset") {
    controls.reset();
    return sendJson(response, 200, { ok: true });
  }
  sendJson(response, 404, { error: `No simulator control ${route}` });
}
