// `npm run simulator -- ...` flags, turned into simulator options. Kept apart
// from main.ts so the parsing is tested without starting a process.
import { parseArgs } from "node:util";
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
} as const satisfies Record<string, keyof Faults>;

export const USAGE = `Usage: npm run simulator -- [options]

  --port <n>                  port to listen on (default 0: a free port)
  --host <h>                  interface to listen on (default 127.0.0.1)
  --api-key <key>             API key clients must send; also signs callbacks
  --render-ms <min-max>       simulated render time in ms (default 2000-5000)
  --time-scale <x>            multiplies every delay (default 1; 0.1 is 10x faster)
  --seed <n>                  seed for render times and fault decisions
  --quiet                     do not print one line per event
${Object.keys(FAULT_FLAGS)
  .map((flag) => `  --${flag} <n>`)
  .join("\n")}
  --help                      show this text`;

export class CliOptionsError extends Error {}

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
      ...Object.fromEntries(Object.keys(FAULT_FLAGS).map((flag) => [flag, { type: "string" as const }])),
    },
  });
  if (values.help) return { help: true };

  const faults: Partial<Faults> = {};
  for (const [flag, fault] of Object.entries(FAULT_FLAGS)) {
    const value = (values as Record<string, string | boolean | undefined>)[flag];
    if (typeof value === "string") faults[fault] = number(flag, value);
  }
  const options: ProviderSimulatorOptions = { faults };
  if (values.port !== undefined) options.port = number("port", values.port);
  if (values.host !== undefined) options.host = values.host;
  if (values["api-key"] !== undefined) options.apiKey = values["api-key"];
  if (values["time-scale"] !== undefined) options.timeScale = number("time-scale", values["time-scale"]);
  if (values.seed !== undefined) options.seed = number("seed", values.seed);
  if (values["render-ms"] !== undefined) options.renderTimeMs = range("render-ms", values["render-ms"]);
  return { help: false, quiet: values.quiet === true, options };
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new CliOptionsError(`--${flag} needs a number, got '${text}'`);
  return value;
}

function range(flag: string, text: string): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) throw new CliOptionsError(`--${flag} needs <ms> or <min>-<max>, got '${text}'`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  if (max < min) throw new CliOptionsError(`--${flag}: ${max} is less than ${min}`);
  return { min, max };
}
