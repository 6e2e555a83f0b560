// The web process as production runs it, for the security tests: the built
// app (built here when build/ is missing or older than app/, one build at a
// time across test files) copied into a temp directory, then `node server.js`
// with the environment a test gives, on a free loopback port. Its memory is
// read from /proc, as an operator's monitoring would.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { builtAppIsCurrent } from "../../dev/sandbox/processes";
import { freePort } from "../../scripts/local-services/free-port";
import { withoutVitestVariables } from "../browser/child-env";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const lockDir = path.join(os.tmpdir(), `catalog-motion-build-${Buffer.from(root).toString("hex").slice(-24)}.lock`);

async function withBuildLock<T>(run: () => T): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A build takes well under a minute; a lock older than five is left by a killed run.
      if (Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })!.mtimeMs > 300_000)
        fs.rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() - started > 240_000) throw new Error("waited four minutes for another test file's build");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return run();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** server.js and build/ in a temp directory of their own, so a rebuild meanwhile changes nothing under a running test. */
export async function builtAppCopy(): Promise<{ dir: string; remove(): void }> {
  const dir = await withBuildLock(() => {
    if (!builtAppIsCurrent(root)) {
      execFileSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
        cwd: root,
        stdio: "pipe",
        env: { ...withoutVitestVariables(process.env), NODE_ENV: "production" },
      });
    }
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-security-app-"));
    fs.cpSync(path.join(root, "build"), path.join(copy, "build"), { recursive: true });
    fs.copyFileSync(path.join(root, "server.js"), path.join(copy, "server.js"));
    fs.copyFileSync(path.join(root, "package.json"), path.join(copy, "package.json"));
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
    return copy;
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Exited {
  code: number | null;
  output: string;
}

/** Runs a command to its end (or kills it after `timeoutMs`), with exactly the environment given. */
export function runToExit(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<Exited> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: exactly(options.env), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A child's whole environment, NODE_ENV included only when given (the project's types declare it always set). */
function exactly(env: Record<string, string>): NodeJS.ProcessEnv {
  return env as unknown as NodeJS.ProcessEnv;
}

/** Only what a shell on a fresh server would have: no test runner variables, no secrets. */
export function bareEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${path.join(root, "node_modules", ".bin")}:${process.env.PATH ?? ""}`, HOME: process.env.HOME ?? os.tmpdir(), ...extra };
}

export interface WebServer {
  origin: string;
  pid: number;
  output(): string;
  /** Resident memory now, and the highest it has been, in MB (VmRSS, VmHWM). */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

export async function startWebServer(dir: string, env: Record<string, string>): Promise<WebServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    cwd: dir,
    env: exactly({ ...bareEnvironment(), HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (output.includes("web server ready")) {
        clearInterval(check);
        resolve();
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(check);
      reject(new Error(`server.js exited (${code}) before it was ready:\n${output}`));
    });
  });
  const memory = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
  };
  return {
    origin: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    memory,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

/** The variables a real start needs, with values nobody would guess. */
export function realSecrets(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SHOPIFY_API_KEY: "security-test-api-key",
    SHOPIFY_API_SECRET: "security-test-api-secret",
    SHOPIFY_APP_URL: "https://catalog-motion.test",
    APP_ENCRYPTION_KEY: "7".repeat(64),
    REDIS_URL: "redis://127.0.0.1:9",
    ...extra,
  };
}
