// `npm run emulator -- ...` flags, turned into emulator options. Kept apart
// from main.ts so the parsing is tested without starting a process.
import { parseArgs } from "node:util";
import { CliOptionsError, countFlag as count, faultFlagOptions, faultFlagUsage, readFaultFlags } from "../shared/cli";
import type { AdminFaults } from "./faults";
import { PLAN_LIMITS, type EmulatedPlan } from "./store-limits";

export { CliOptionsError };

const FAULT_FLAGS = {
  "http-429-rate": "http429Rate",
  "retry-after-seconds": "retryAfterSeconds",
  "http-5xx-rate": "http5xxRate",
  "slow-ms": "slowMs",
  "media-fail-rate": "mediaFailRate",
  "lost-refresh-rate": "lostRefreshRate",
} as const satisfies Record<string, keyof AdminFaults>;

export const USAGE = `Usage: npm run emulator -- [options]

  --port <n>                 port to listen on (default 0: a free port)
  --host <h>                 interface to listen on (default 127.0.0.1)
  --shops <n>                demo shops (default 1)
  --products <n>             products per shop, in its "Featured" collection (default 24)
  --collection <n>           add a collection of n more products to every shop (repeatable)
  --seed <n>                 seed for the catalog, tokens and fault decisions
  --bucket <max>/<rate>      cost bucket per shop (default 2000/100, Shopify's standard plan)
  --uploaded-ms <n>          how long a new video stays UPLOADED (default 200)
  --processing-ms <n>        then how long it stays PROCESSING (default 800)
  --plan <name>              every shop's Shopify plan: ${Object.keys(PLAN_LIMITS).join(", ")} (default Advanced)
  --hosted-videos <n>        videos every shop already hosts in its Files (default 0)
${faultFlagUsage(FAULT_FLAGS)}
  --help                     show this text`;

export interface EmulatorCliOptions {
  port?: number;
  host?: string;
  shops: number;
  products: number;
  collections: number[];
  seed?: number;
  throttle?: { maximumAvailable: number; restoreRate: number };
  mediaTiming: { uploadedMs?: number; processingMs?: number };
  faults: Partial<AdminFaults>;
  plan?: EmulatedPlan;
  hostedVideos: number;
}

export function parseEmulatorArgs(argv: string[]): { help: true } | { help: false; options: EmulatorCliOptions } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      shops: { type: "string" },
      products: { type: "string" },
      collection: { type: "string", multiple: true },
      seed: { type: "string" },
      bucket: { type: "string" },
      "uploaded-ms": { type: "string" },
      "processing-ms": { type: "string" },
      plan: { type: "string" },
      "hosted-videos": { type: "string" },
      help: { type: "boolean" },
      ...faultFlagOptions(FAULT_FLAGS),
    },
  });
  if (values.help) return { help: true };

  const faults: Partial<AdminFaults> = readFaultFlags(values, FAULT_FLAGS);
  const options: EmulatorCliOptions = {
    shops: values.shops === undefined ? 1 : count("shops", values.shops),
    products: values.products === undefined ? 24 : count("products", values.products),
    collections: (values.collection ?? []).map((size) => count("collection", size)),
    mediaTiming: {},
    faults,
    hostedVideos: values["hosted-videos"] === undefined ? 0 : count("hosted-videos", values["hosted-videos"]),
  };
  if (values.plan !== undefined) {
    if (!Object.hasOwn(PLAN_LIMITS, values.plan)) {
      throw new CliOptionsError(`--plan must be one of ${Object.keys(PLAN_LIMITS).join(", ")}, got '${values.plan}'`);
    }
    options.plan = values.plan as EmulatedPlan;
  }
  if (values.port !== undefined) options.port = count("port", values.port);
  if (values.host !== undefined) options.host = values.host;
  if (values.seed !== undefined) options.seed = count("seed", values.seed);
  if (values.bucket !== undefined) {
    const match = /^(\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(values.bucket);
    if (!match) throw new CliOptionsError(`--bucket needs <max>/<rate>, e.g. 2000/100, got '${values.bucket}'`);
    options.throttle = { maximumAvailable: Number(match[1]), restoreRate: Number(match[2]) };
  }
  if (values["uploaded-ms"] !== undefined) options.mediaTiming.uploadedMs = count("uploaded-ms", values["uploaded-ms"]);
  if (values["processing-ms"] !== undefined) options.mediaTiming.processingMs = count("processing-ms", values["processing-ms"]);
  return { help: false, options };
}
