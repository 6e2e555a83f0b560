// The app's own processes, started the way production starts them: the built
// web server (server.js) and a worker (app/worker.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface AppProcess {
  name: string;
  child: ChildProcess;
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startAppProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
  readyText: string,
  root: string,
  logFile: string,
): AppProcess {
  const log = fs.createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let seen = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4_000);
      if (seen.includes(readyText)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready; see ${logFile}`)));
  });
  return {
    name,
    child,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export function builtAppIsCurrent(root: string): boolean {
  const built = path.join(root, "build", "server", "index.js");
  if (!fs.existsSync(built)) return false;
  const builtAt = fs.statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const full = path.join(dir, entry.name);
      return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
    }, 0);
  return newest(path.join(root, "app")) <= builtAt;
}
