// Real worker processes: `app/worker.ts` under tsx with the service flags, as `npm run worker` runs it.
import { serviceNodeArgs } from "~/config/node-flags";
import { startChild, type Child } from "./child-process";
import { ROOT } from "./paths";
import path from "node:path";

export interface WorkerPool {
  processes: Child[];
  stop(): Promise<void>;
}

export async function startWorkers(count: number, env: Record<string, string>): Promise<WorkerPool> {
  const processes: Child[] = [];
  for (let i = 0; i < count; i++) {
    processes.push(
      startChild(process.execPath, serviceNodeArgs(path.join(ROOT, "app", "worker.ts")), {
        cwd: ROOT,
        // info level: the readiness line ("worker ready") is an info line.
        env: {
          ...process.env,
          NODE_ENV: "test",
          LOG_LEVEL: "info",
          CATALOG_MOTION_SERVICE: "worker",
          ...env,
        },
        readyWhen: '"msg":"worker ready"',
        what: `worker process ${i + 1}/${count}`,
      }),
    );
  }
  const stopAll = () => Promise.all(processes.map((p) => p.stop(25_000))).then(() => {});
  try {
    await Promise.all(processes.map((p) => p.ready));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { processes, stop: stopAll };
}
