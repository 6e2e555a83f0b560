// Runs `app/worker.ts` as a real child process, the way `npm run worker` does.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { serviceNodeArgs } from "~/config/node-flags";
import { SIMULATOR_KEY, type PipelineHarness } from "./pipeline-harness";

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const root = path.resolve(__dirname, "../..");

/** Children still running; a failed test must not leave workers behind. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

export async function stopAllWorkerProcesses(): Promise<void> {
  await Promise.all(
    [...live].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGKILL");
        }),
    ),
  );
}

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  // Exactly what `npm run worker` runs: one node process (no wrapper), so signals reach the worker itself.
  const child = spawn(process.execPath, serviceNodeArgs(path.join(root, "app", "worker.ts")), {
    cwd: root,
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "info", CATALOG_MOTION_SERVICE: "worker", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let out = "";
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('"msg":"worker ready"')) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, ready, exited };
}

/**
 * What a worker process needs to join a pipeline harness: its database, Redis
 * and queue prefix, the provider simulator, the callback server and the clip
 * store, the same global cap; `extra` sets the rest (schedules, waits).
 */
export function harnessWorkerEnv(h: PipelineHarness, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: h.t.url,
    REDIS_URL: h.redisUrl,
    QUEUE_PREFIX: h.prefix,
    CREATIVEAI_BASE_URL: h.simulator.url,
    CREATIVEAI_API_KEY: SIMULATOR_KEY,
    PUBLIC_CALLBACK_ORIGIN: h.callbacks.origin,
    RENDER_GLOBAL_CAP: String(h.ctx.globalCap),
    // Finished clips are copied from the simulator into the harness's clip store, as its own workers do.
    CLIP_SOURCE_DEV_ORIGINS: h.simulator.url,
    CLIP_STORE: "local",
    CLIP_STORE_DIR: h.clipDir,
    ...extra,
  };
}
