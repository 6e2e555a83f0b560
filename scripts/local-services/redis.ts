// A throw-away redis-server on a free loopback port, for development, tests,
// the sandbox and benchmarks. Nothing is persisted.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { freePort, waitForPort } from "./free-port";

export interface LocalRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
  /** Kills and starts the server again on the same port: what a Redis restart looks like to clients. */
  restart(): Promise<void>;
}

const INSTALL_HINT =
  "redis-server was not found on PATH. Install it with `apt-get update && apt-get install -y redis-server` " +
  "(macOS: `brew install redis`), or set REDIS_URL to a Redis you already run.";

export function redisBinary(): string {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const binary = found.stdout.trim();
  if (!binary) throw new Error(INSTALL_HINT);
  return binary;
}

export async function startLocalRedis(options: { port?: number } = {}): Promise<LocalRedis> {
  const binary = redisBinary();
  const port = options.port ?? (await freePort());
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(
      binary,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--protected-mode",
        "yes",
        "--loglevel",
        "warning",
      ],
      { stdio: "ignore" },
    );
    await waitForPort(port);
  };
  const halt = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
    await exited;
    clearTimeout(timer);
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: halt,
    async restart() {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      await launch();
    },
  };
}
