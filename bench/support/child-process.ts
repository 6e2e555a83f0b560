// Child processes of the bench (web app, workers, the seeds' receiver, the
// batch child): started with a readiness line, their output kept for the
// report when something goes wrong, and stopped by their own pid only.
import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  child: ChildProcess;
  /** The last part of stdout and stderr, for error messages. */
  output(): string;
  ready: Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process exited. */
  stop(graceMs?: number): Promise<void>;
}

const KEEP_OUTPUT = 64 * 1024;

/** Every child still running, so an interrupted bench can stop them on its way out. */
const running = new Set<Child>();

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop(3_000)));
}

export function startChild(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; readyWhen: string; readyTimeoutMs?: number; what: string },
): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > KEEP_OUTPUT * 2) out = out.slice(-KEEP_OUTPUT);
  };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => running.delete(handle));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.what} was not ready within ${options.readyTimeoutMs ?? 60_000} ms:\n${out.slice(-4_000)}`)),
      options.readyTimeoutMs ?? 60_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      keep(chunk);
      if (out.includes(options.readyWhen)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on("data", keep);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.what} exited (${code ?? signal}) before it was ready:\n${out.slice(-4_000)}`));
    });
  });
  // A rejected readiness promise nobody awaited yet must not crash the bench.
  ready.catch(() => {});
  const handle: Child = {
    child,
    output: () => out.slice(-KEEP_OUTPUT),
    ready,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(handle);
  return handle;
}
