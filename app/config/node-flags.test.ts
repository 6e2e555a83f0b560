// The flags are written in package.json's scripts too, which cannot import them.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { SERVICE_NODE_FLAGS, serviceNodeArgs } from "./node-flags";

const root = path.join(__dirname, "..", "..");
const scripts = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts as Record<string, string>;

it.each(["start", "worker"])("npm run %s starts node with the service flags", (name) => {
  const node = scripts[name].split(" ").indexOf("node");
  expect(node).toBeGreaterThanOrEqual(0);
  expect(scripts[name].split(" ").slice(node + 1, node + 1 + SERVICE_NODE_FLAGS.length)).toEqual([...SERVICE_NODE_FLAGS]);
});

it("runs a TypeScript entry point with the flags (node refuses an unknown one) and the app's import paths", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "node-flags-"));
  const entry = path.join(dir, "entry.ts");
  fs.writeFileSync(
    entry,
    [
      'import { SERVICE_NODE_FLAGS } from "~/config/node-flags";',
      "console.log(JSON.stringify({ flags: process.execArgv, known: SERVICE_NODE_FLAGS.length }));",
    ].join("\n"),
  );
  try {
    const out = JSON.parse(execFileSync(process.execPath, serviceNodeArgs(entry), { cwd: root, encoding: "utf8" }).trim());
    expect(out.flags).toEqual(expect.arrayContaining([...SERVICE_NODE_FLAGS]));
    // The entry's own import through the app's paths worked.
    expect(out.known).toBe(SERVICE_NODE_FLAGS.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
