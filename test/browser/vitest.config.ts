// The browser tests: the admin pages in Chromium against the whole product
// started locally (test/browser/sandbox-for-tests.ts). A separate pass of
// `npm test` (test/run.ts runs `vitest run --config test/browser/vitest.config.ts`).
// One file at a time: each file starts its own web server, worker, Redis,
// Admin API emulator and provider simulator.
import path from "node:path";
import { fileURLToPath } from "node:url";
import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export default defineConfig({
  root,
  plugins: [tsconfigPaths({ root })],
  test: {
    root,
    include: ["test/browser/**/*.browser.test.ts"],
    exclude: ["**/node_modules/**"],
    globalSetup: ["test/browser/global-setup.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    maxConcurrency: 1,
    testTimeout: 180_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
