// The flags are written in package.json's scripts too, which cannot import them.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { SERVICE_NODE_FLAGS, withServiceNodeOptions } from "./node-flags";

const scripts = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).scripts as Record<string, string>;

it.each(["start", "worker"])("npm run %s starts node with the service flags", (name) => {
  const node = scripts[name].split(" ").indexOf("node");
  expect(node).toBeGreaterThanOrEqual(0);
  expect(scripts[name].split(" ").slice(node + 1, node + 1 + SERVICE_NODE_FLAGS.length)).toEqual([...SERVICE_NODE_FLAGS]);
});

it("adds the service flags to NODE_OPTIONS without losing what was there", () => {
  expect(withServiceNodeOptions(undefined)).toBe(SERVICE_NODE_FLAGS.join(" "));
  expect(withServiceNodeOptions("--enable-source-maps")).toBe(["--enable-source-maps", ...SERVICE_NODE_FLAGS].join(" "));
});
