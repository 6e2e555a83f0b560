// `npm run simulator -- ...`: the flags, and the process itself starting,
// answering and stopping cleanly on SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CliOptionsError, parseSimulatorArgs } from "./cli-options";

describe("parseSimulatorArgs", () => {
  it("turns flags into simulator options and faults", () => {
    const parsed = parseSimulatorArgs([
      "--port",
      "4010",
      "--api-key",
      "K",
      "--render-ms",
      "2000-5000",
      "--time-scale",
      "0.1",
      "--seed",
      "9",
      "--fail-rate",
      "0.1",
      "--submit-429-rate",
      "0.2",
      "--retry-after-seconds",
      "4",
      "--out-of-order-rate",
      "1",
      "--quiet",
    ]);

    expect(parsed).toEqual({
      help: false,
      quiet: true,
      options: {
        port: 4010,
        apiKey: "K",
        renderTimeMs: { min: 2000, max: 5000 },
        timeScale: 0.1,
        seed: 9,
        faults: { failRate: 0.1, submit429Rate: 0.2, retryAfterSeconds: 4, outOfOrderRate: 1 },
      },
    });
  });

  it("reads a single render time as a fixed one", () => {
    const parsed = parseSimulatorArgs(["--render-ms", "300"]);
    expect(parsed.help === false && parsed.options.renderTimeMs).toEqual({ min: 300, max: 300 });
  });

  it.each([[["--fail-rate", "often"]], [["--render-ms", "5000-2000"]], [["--render-ms", "fast"]], [["--port", ""]]])(
    "refuses %j with a message naming the flag",
    (argv) => {
      expect(() => parseSimulatorArgs(argv)).toThrow(CliOptionsError);
      expect(() => parseSimulatorArgs(argv)).toThrow(/--(fail-rate|render-ms|port)/);
    },
  );

  it("reads the clip faults and the output URL lifetime", () => {
    const parsed = parseSimulatorArgs([
      "--drifted-clip-rate",
      "0.2",
      "--frozen-clip-rate",
      "0.1",
      "--truncated-clip-rate",
      "0.05",
      "--wrong-aspect-rate",
      "0.05",
      "--expiring-url-rate",
      "1",
      "--url-lifetime-seconds",
      "30",
    ]);
    expect(parsed.help === false && parsed.options.faults).toEqual({
      driftedClipRate: 0.2,
      frozenClipRate: 0.1,
      truncatedClipRate: 0.05,
      wrongAspectRate: 0.05,
      expiringUrlRate: 1,
      urlLifetimeSeconds: 30,
    });
  });

  it("refuses unknown flags", () => {
    expect(() => parseSimulatorArgs(["--explode"])).toThrow(/explode/);
  });

  it("asks for help", () => {
    expect(parseSimulatorArgs(["--help"])).toEqual({ help: true });
  });
});

describe("the simulator process", () => {
  it("prints its URL, answers, and exits 0 on SIGTERM", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const child = spawn(
      path.join(root, "node_modules/.bin/tsx"),
      ["dev/video-provider-simulator/main.ts", "--port", "0", "--api-key", "cli_key", "--quiet"],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once("exit", () => reject(new Error(`simulator exited early: ${output}`)));
      });

      const state = await (await fetch(`${url}/__simulator/state`)).json();
      expect(state.counters.submissions).toBe(0);
      const refused = await fetch(`${url}/v1/video/generations`, {
        method: "POST",
        headers: { authorization: "Bearer wrong" },
        body: "{}",
      });
      expect(refused.status).toBe(401);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
  });
});
