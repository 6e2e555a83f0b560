// The checks on real files made with ffmpeg here: a good clip, a still one,
// a damaged one, the wrong length and shape, and something that is not a video.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkClip } from "./clip-checks.server";

const run = promisify(execFile);
let dir: string;
const file = (name: string) => path.join(dir, name);

async function render(name: string, source: string, size: string, seconds: number) {
  await run("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `${source}:s=${size}:d=${seconds}`,
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-movflags",
    "+faststart",
    "-t",
    String(seconds),
    file(name),
  ]);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "clip-checks-"));
  await render("moving.mp4", "testsrc2=r=24", "448x252", 5);
  await render("still.mp4", "color=c=0x3366aa:r=24", "448x252", 5);
  await render("tiny.mp4", "testsrc2=r=24", "160x90", 5);
  const moving = await fs.readFile(file("moving.mp4"));
  // The header (first: faststart) and the first part intact, the rest overwritten: the probe reads it, the decode does not.
  const damaged = Buffer.from(moving);
  damaged.fill(0x5a, Math.floor(damaged.length * 0.4));
  await fs.writeFile(file("damaged.mp4"), damaged);
  await fs.writeFile(file("page.mp4"), "<!doctype html><h1>Access denied</h1>");
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("checking a clip before Shopify sees it", () => {
  it("passes a moving clip of the ordered length and shape, with what ffprobe read", async () => {
    const check = await checkClip(file("moving.mp4"), { durationSeconds: 5, aspectRatio: "16:9" });
    expect(check).toMatchObject({ ok: true, facts: { codec: "h264", width: 448, height: 252 } });
    expect(check.facts?.durationSeconds).toBeCloseTo(5, 0);
  });

  it.each([
    ["page.mp4", { durationSeconds: 5, aspectRatio: "16:9" }, "The file is not a video the app can read"],
    ["damaged.mp4", { durationSeconds: 5, aspectRatio: "16:9" }, "The clip is damaged: part of it cannot be played"],
    ["still.mp4", { durationSeconds: 5, aspectRatio: "16:9" }, "The clip doesn't move: it shows one still picture"],
    ["moving.mp4", { durationSeconds: 10, aspectRatio: "16:9" }, "The clip runs 5.0 seconds instead of the 10 ordered"],
    ["moving.mp4", { durationSeconds: 5, aspectRatio: "9:16" }, "The clip's shape (448 x 252) is not the 9:16 ordered"],
    ["tiny.mp4", { durationSeconds: 5, aspectRatio: "16:9" }, "The clip is only 160 x 90 pixels, too small for a product page"],
  ])("refuses %s (ordered %o): %s", async (name, order, problem) => {
    expect(await checkClip(file(name), order)).toMatchObject({ ok: false, problem });
  });
});
