// The video provider simulator: CreativeAI and JSON2Video on one local port,
// with their documented delays, callbacks and failure modes, recording
// everything it receives. Used by contract tests, the benchmark and the sandbox.
import http from "node:http";
import type { RenderTimeRange, SimulatorContext } from "./context";
import { CONTROL_PATH, handleControl } from "./control-routes";
import { CREATIVEAI_PATH, handleCreativeAi } from "./creativeai-routes";
import { faultsSchema, NO_FAULTS, type Faults } from "./faults";
import { sendJson } from "../shared/http-io";
import { handleJson2Video, JSON2VIDEO_PATH } from "./json2video-routes";
import { createRandom, randomSeed } from "../shared/random";
import { createScheduler } from "./scheduler";
import { clearSimulatorState, createSimulatorState, type SimulatorState } from "./state";
import { FILES_PATH, serveVideoFile } from "./video-file";
import { listen } from "../shared/listen";

export const DEFAULT_SIMULATOR_API_KEY = "simulator-api-key";

export interface ProviderSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Bearer key (CreativeAI), x-api-key (JSON2Video), and the callback signing secret. */
  apiKey?: string;
  /** Simulated render time, before timeScale. Default 2-5 s. */
  renderTimeMs?: RenderTimeRange;
  /** Multiplies every delay: render times, slow responses, callback retry waits and timeouts. */
  timeScale?: number;
  faults?: Partial<Faults>;
  /** Same seed and same request order, same render times and fault decisions. */
  seed?: number;
  /** One line per notable event (submissions, finished renders, callback attempts). */
  log?: (line: string) => void;
}

export interface ProviderSimulator {
  url: string;
  port: number;
  state: SimulatorState;
  faults(): Faults;
  setFaults(faults: Partial<Faults>): Faults;
  /** Cancels pending renders and callbacks, empties the state and restores the starting faults. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startProviderSimulator(options: ProviderSimulatorOptions = {}): Promise<ProviderSimulator> {
  const initialFaults = faultsSchema.parse({ ...NO_FAULTS, ...options.faults });
  const renderTimeMs = options.renderTimeMs ?? { min: 2_000, max: 5_000 };
  if (renderTimeMs.min < 0 || renderTimeMs.max < renderTimeMs.min) throw new Error("renderTimeMs needs 0 <= min <= max");
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error("timeScale must be greater than 0");

  let faults = initialFaults;
  let baseUrl = "";
  const state = createSimulatorState();
  const scheduler = createScheduler(timeScale);
  const ctx: SimulatorContext = {
    apiKey: options.apiKey ?? DEFAULT_SIMULATOR_API_KEY,
    baseUrl: () => baseUrl,
    state,
    faults: () => faults,
    random: createRandom(options.seed ?? randomSeed()),
    scheduler,
    renderTimeMs,
    finalCallbacks: new Map(),
    log: options.log ?? (() => {}),
  };
  const setFaults = (change: Partial<Faults>) => {
    faults = faultsSchema.parse({ ...faults, ...change });
    return faults;
  };
  const reset = () => {
    scheduler.cancelAll();
    clearSimulatorState(state);
    ctx.finalCallbacks.clear();
    faults = initialFaults;
  };

  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
      else response.destroy();
    });
  });
  const route = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const url = new URL(request.url ?? "/", baseUrl);
    if (url.pathname.startsWith(CONTROL_PATH))
      return handleControl({ state, faults: () => faults, setFaults, reset }, request, response, url.pathname);
    if (url.pathname.startsWith(FILES_PATH)) return serveVideoFile(ctx, request, response, url.pathname);
    const api = url.pathname.startsWith(CREATIVEAI_PATH) ? "creativeai" : url.pathname.startsWith(JSON2VIDEO_PATH) ? "json2video" : null;
    if (api === null) return sendJson(response, 404, { error: { message: `No route for ${url.pathname}` } });
    if (faults.slowResponseMs > 0) await scheduler.sleep(faults.slowResponseMs);
    if (api === "creativeai") return handleCreativeAi(ctx, request, response, url.pathname);
    return handleJson2Video(ctx, request, response, url);
  };

  const listening = await listen(server, options);
  baseUrl = listening.url;

  return {
    url: baseUrl,
    port: listening.port,
    state,
    faults: () => faults,
    setFaults,
    reset,
    async stop() {
      scheduler.cancelAll();
      await listening.close();
    },
  };
}
