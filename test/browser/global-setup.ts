// Once per browser-test run: build the Remix app if build/ is missing or older
// than app/ (the same check as the sandbox), then copy the built app into a
// temp directory that the tests' web servers run from. The copy keeps a run
// working while someone rebuilds build/ in the meantime (a rebuild replaces
// the hashed client assets a page already open would still ask for).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { builtAppIsCurrent } from "../../dev/sandbox/processes";
import { withoutVitestVariables } from "./child-env";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function buildApp(): void {
  const started = Date.now();
  console.log("[browser tests] building the app (build/ is missing or older than app/)…");
  try {
    execFileSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
      cwd: root,
      stdio: "pipe",
      env: { ...withoutVitestVariables(process.env), NODE_ENV: "production" },
    });
  } catch (error) {
    const output = error && typeof error === "object" && "stderr" in error ? String((error as { stderr: Buffer }).stderr) : "";
    throw new Error(`Building the app failed:\n${output.slice(-4_000)}`);
  }
  console.log(`[browser tests] built in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** server.js and build/ in a temp directory; node_modules is a link to the project's. */
function snapshotBuiltApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-browser-app-"));
  fs.cpSync(path.join(root, "build"), path.join(dir, "build"), { recursive: true });
  fs.copyFileSync(path.join(root, "server.js"), path.join(dir, "server.js"));
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "catalog-motion-browser-test-app", private: true, type: "module" }),
  );
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export default async function setup(project: TestProject) {
  if (!builtAppIsCurrent(root)) buildApp();
  if (!fs.existsSync(path.join(root, "build", "server", "index.js"))) throw new Error("build/server/index.js is missing after the build");
  const appDir = snapshotBuiltApp();
  project.provide("browserAppDir", appDir);
  fs.mkdirSync(path.join(root, "test-results", "screenshots"), { recursive: true });
  return async () => {
    fs.rmSync(appDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the built app (server.js + build/) the browser tests serve was copied to. */
    browserAppDir: string;
  }
}
