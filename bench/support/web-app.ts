// The built web app (`node server.js`), started as its own process so
// callbacks go through the real HTTP stack: Express, Remix, the route module.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SERVICE_NODE_FLAGS } from "~/config/node-flags";
import { freePort } from "../../scripts/local-services/free-port";
import { startChild, type Child } from "./child-process";
import { BENCH_DIR, ROOT } from "./paths";

export interface WebApp {
  origin: string;
  port: number;
  pid: number;
  process: Child;
  stop(): Promise<void>;
}

const SERVER_BUILD = path.join(ROOT, "build", "server", "index.js");

export interface BuildInfo {
  /** Whether this run built the app (false: an up-to-date build was there). */
  built: boolean;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app when there is no build or app/ changed since the last one,
 * so the bench never measures stale code.
 */
export function ensureBuild(log: (line: string) => void): BuildInfo {
  const stale = !fs.existsSync(SERVER_BUILD) || fs.statSync(SERVER_BUILD).mtimeMs < newestMtime(path.join(ROOT, "app"));
  if (!stale) return { built: false };
  log("building the web app (npx remix vite:build)");
  try {
    execFileSync(path.join(ROOT, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: ROOT, stdio: "pipe" });
  } catch (error) {
    const output = `${(error as { stdout?: Buffer }).stdout ?? ""}${(error as { stderr?: Buffer }).stderr ?? ""}`;
    throw new Error(`npx remix vite:build failed:\n${output.slice(-3_000)}`);
  }
  return { built: true };
}

/**
 * A private copy of server.js and build/ for this run, inside the project so
 * Node resolves node_modules and "#postgres-client" as from the original.
 * Others rebuild build/ (which empties it first) while a bench runs; the copy
 * keeps the web app the bench measures from vanishing under it.
 */
export interface WebSnapshot {
  dir: string;
  build: BuildInfo;
  remove(): void;
}

export function snapshotBuild(log: (line: string) => void): WebSnapshot {
  for (let attempt = 1; ; attempt++) {
    const build = ensureBuild(log);
    const dir = path.join(BENCH_DIR, "out", `web-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(path.join(ROOT, "server.js"), path.join(dir, "server.js"));
      fs.cpSync(path.join(ROOT, "build"), path.join(dir, "build"), { recursive: true });
      if (!fs.existsSync(path.join(dir, "build", "server", "index.js")))
        throw new Error("build/server/index.js vanished while it was copied");
      const remove = () => {
        fs.rmSync(dir, { recursive: true, force: true });
        // bench/out/ itself goes too once nothing else is in it.
        if (fs.readdirSync(path.dirname(dir)).length === 0) fs.rmdirSync(path.dirname(dir));
      };
      return { dir, build, remove };
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      if (attempt >= 3) throw error;
      log(`copying the build failed (${(error as Error).message}); building again`);
    }
  }
}

export async function startWebApp(dir: string, env: Record<string, string>): Promise<WebApp> {
  const port = await freePort();
  const child = startChild(process.execPath, [...SERVICE_NODE_FLAGS, "server.js"], {
    cwd: dir,
    // A test start: the only one, besides the sandbox, that runs on placeholder
    // Shopify keys (every other start needs the real ones).
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: String(port), ...env },
    readyWhen: "web server ready",
    what: "web app (node server.js)",
  });
  await child.ready;
  return { origin: `http://127.0.0.1:${port}`, port, pid: child.child.pid!, process: child, stop: () => child.stop() };
}
