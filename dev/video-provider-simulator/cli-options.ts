// `npm run simulator -- ...` flags, turned into simulator options. Kept apart
// from main.ts so the parsing is tested without starting a process.
import { parseArgs } from "node:util";
import { CliOptionsError, faultFlagOptions, faultFlagUsage, numberFlag as number, rangeFlag as range, readFaultFlags } from "../shared/cli";
import type { Faults } from "./faults";
import type { ProviderSimulatorOptions } from "./server";

/** Flag name -> fault it sets. */
const FAULT_FLAGS = {
  "fail-rate": "failRate",
  "failover-rate": "failoverRate",
  "submit-429-rate": "submit429Rate",
  "retry-after-seconds": "retryAfterSeconds",
  "submit-5xx-rate": "submit5xxRate",
  "poll-5xx-rate": "poll5xxRate",
  "lost-callback-rate": "lostCallbackRate",
  "duplicate-callback-rate": "duplicateCallbackRate",
  "out-of-order-rate": "outOfOrderRate",
  "replay-callback-rate": "replayCallbackRate",
  "out-of-date-callback-rate": "outOfDateCallbackRate",
  "slow-response-ms": "slowResponseMs",
  "never-finish-rate": "neverFinishRate",
  "invalid-video-rate": "invalidVideoRate",
  "drifted-clip-rate": "driftedClipRate",
  "frozen-clip-rate": "frozenClipRate",
  "truncated-clip-rate": "truncatedClipRate",
  "wrong-aspect-rate": "wrongAspectRate",
  "expiring-url-rate": "expiringUrlRate",
  "url-lifetime-seconds": "urlLifetimeSeconds",
} as const satisfies Record<string, keyof Faults>;

export const USAGE = `Usage: npm run simulator -- [options]

  --port <n>                  port to listen on (default 0: a free port)
  --host <h>                  interface to listen on (default 127.0.0.1)
  --api-key <key>             API key clients must send; also signs callbacks
  --render-ms <min-max>       simulated render time in ms (default 2000-5000)
  --time-scale <x>            multiplies every delay (default 1; 0.1 is 10x faster)
  --seed <n>                  seed for render times and fault decisions
  --quiet                     do not print one line per event
${faultFlagUsage(FAULT_FLAGS)}
  --help                      show this text`;

export { CliOptionsError };

export function parseSimulatorArgs(argv: string[]): { help: true } | { help: false; quiet: boolean; options: ProviderSimulatorOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string" },
      "render-ms": { type: "string" },
      "time-scale": { type: "string" },
      seed: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
      ...faultFlagOptions(FAULT_FLAGS),
    },
  });
  if (values.help) return { help: true };

  const faults: Partial<Faults> = readFaultFlags(values, FAULT_FLAGS);
  const options: ProviderSimulatorOptions = { faults };
  if (values.port !== undefined) options.port = number("port", values.port);
  if (values.host !== undefined) options.host = values.host;
  if (values["api-key"] !== undefined) options.apiKey = values["api-key"];
  if (values["time-scale"] !== undefined) options.timeScale = number("time-scale", values["time-scale"]);
  if (values.seed !== undefined) options.seed = number("seed", values.seed);
  if (values["render-ms"] !== undefined) options.renderTimeMs = range("render-ms", values["render-ms"]);
  return { help: false, quiet: values.quiet === true, options };
}
