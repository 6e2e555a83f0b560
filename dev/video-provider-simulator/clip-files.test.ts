// The simulator's finished files as the app downloads them: rendered from the
// submitted product photo, in the ordered shape and length, only when first
// asked for; the stock clip when the photo cannot be fetched; and each clip
// fault as a real file (drifted, frozen, truncated, wrong shape, expiring).
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { scoreClipFidelity } from "../../app/clips/fidelity.server";
import { productPhotoPng } from "../shopify-admin-emulator/images";
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from "./server";

const run = promisify(execFile);
const API_KEY = "sim_key";
let simulator: ProviderSimulator | undefined;
let photos: http.Server;
let photosUrl: string;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "simulated-clips-"));
  photos = http.createServer((request, response) => {
    const match = /^\/(\d+)\.png$/.exec(request.url ?? "");
    if (!match) return void response.writeHead(404).end();
    const png = productPhotoPng(Number(match[1]));
    response.writeHead(200, { "content-type": "image/png", "content-length": String(png.length) }).end(png);
  });
  await new Promise<void>((resolve) => photos.listen(0, "127.0.0.1", resolve));
  photosUrl = `http://127.0.0.1:${(photos.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => photos.close(resolve));
  await fs.rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await simulator?.stop();
  simulator = undefined;
});

async function renderOf(options: ProviderSimulatorOptions, generation: Record<string, unknown>) {
  simulator = await startProviderSimulator({ apiKey: API_KEY, renderTimeMs: { min: 20, max: 40 }, seed: 5, ...options });
  const sim = simulator;
  const response = await fetch(`${sim.url}/v1/video/generations`, {
    method: "POST",
    headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "kling-v3", prompt: "slow push", duration: 5, aspect_ratio: "16:9", ...generation }),
  });
  const { id } = (await response.json()) as { id: string };
  const deadline = Date.now() + 5_000;
  while (!sim.state.renders.get(id)?.finished) {
    if (Date.now() > deadline) throw new Error("the render did not finish");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { sim, id, render: sim.state.renders.get(id)!, url: `${sim.url}/files/${id}.mp4` };
}

async function download(url: string, name: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const file = path.join(dir, name);
  await fs.writeFile(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

async function probe(file: string) {
  const { stdout } = await run("ffprobe", [
    "-v",
    "error",
    "-show_entries",
    "stream=codec_name,pix_fmt,width,height:format=duration",
    "-of",
    "json",
    file,
  ]);
  const parsed = JSON.parse(stdout) as {
    streams: { codec_name: string; pix_fmt: string; width: number; height: number }[];
    format: { duration: string };
  };
  return { ...parsed.streams[0], duration: Number(parsed.format.duration) };
}

async function decodeErrors(file: string): Promise<string> {
  const result = await run("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]).catch((error: { stderr: string }) => error);
  return result.stderr;
}

describe("clips rendered from the product photo", () => {
  it("renders the ordered shape and length from the photo, only when the file is first asked for", async () => {
    const photo = productPhotoPng(21);
    const { sim, id, render, url } = await renderOf({}, { image_url: `${photosUrl}/21.png`, aspect_ratio: "9:16", duration: 10 });
    // Finished, called back or polled: nothing rendered until someone downloads the file.
    expect(render.clip).toBeNull();

    const file = await download(url, `${id}.mp4`);
    expect(await probe(file)).toMatchObject({ codec_name: "h264", pix_fmt: "yuv420p", width: 252, height: 448, duration: 10 });
    expect(await decodeErrors(file)).toBe("");
    expect(sim.state.renders.get(id)?.clip).toMatchObject({ source: "photo", photoError: null });
    expect((await scoreClipFidelity({ clipPath: file, photo, durationSeconds: 10 })).score).toBeGreaterThan(0.9);
  });

  it("serves the stock clip when the photo cannot be fetched, and says why in the state", async () => {
    const { sim, id, url } = await renderOf({}, { image_url: `${photosUrl}/missing.jpg` });
    const file = await download(url, `${id}.mp4`);

    expect(await probe(file)).toMatchObject({ codec_name: "h264", width: 448, height: 252 });
    const state = (await (await fetch(`${sim.url}/__simulator/state`)).json()) as { renders: Record<string, { clip: unknown }> };
    expect(state.renders[id].clip).toMatchObject({ source: "stock", photoError: "the image URL answered 404" });
  });
});

describe("clip faults", () => {
  it("drifts from halfway: the clip stops looking like the photo in its last seconds", async () => {
    const photo = productPhotoPng(33);
    const { id, render, url } = await renderOf({ faults: { driftedClipRate: 1 } }, { image_url: `${photosUrl}/33.png` });
    const file = await download(url, `${id}.mp4`);

    expect(render.clipFault).toMatch(/^drifted-/);
    const fidelity = await scoreClipFidelity({ clipPath: file, photo, durationSeconds: 5 });
    expect(fidelity.score).toBeLessThan(0.4);
    expect(fidelity.note).toMatch(/in the last (second|2 seconds|3 seconds)$/);
  });

  it("freezes: one still picture for the whole length", async () => {
    const { id, url } = await renderOf({ faults: { frozenClipRate: 1 } }, { image_url: `${photosUrl}/40.png` });
    const file = await download(url, `${id}.mp4`);
    const { stdout } = await run(
      "ffmpeg",
      ["-v", "error", "-i", file, "-vf", "fps=2,scale=32:18", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
      {
        encoding: "buffer",
      },
    );
    const frames = Array.from({ length: stdout.length / (32 * 18) }, (_, i) => stdout.subarray(i * 32 * 18, (i + 1) * 32 * 18));
    expect(frames.length).toBeGreaterThanOrEqual(9);
    const change = (a: Buffer, b: Buffer) => a.reduce((total, value, i) => total + Math.abs(value - b[i]), 0) / a.length;
    expect(Math.max(...frames.map((frame) => change(frame, frames[0])))).toBeLessThan(1);
    expect((await probe(file)).duration).toBe(5);
  });

  it("truncates: the header says 5 s, the file does not decode to the end", async () => {
    const { id, url } = await renderOf({ faults: { truncatedClipRate: 1 } }, { image_url: `${photosUrl}/7.png` });
    const file = await download(url, `${id}.mp4`);
    expect(await decodeErrors(file)).not.toBe("");
  });

  it("comes out in the wrong shape: portrait for a landscape order", async () => {
    const { id, url } = await renderOf({ faults: { wrongAspectRate: 1 } }, { image_url: `${photosUrl}/8.png`, aspect_ratio: "16:9" });
    expect(await probe(await download(url, `${id}.mp4`))).toMatchObject({ width: 252, height: 448 });
  });

  it("expires the output URL: 200 within its lifetime, 404 after", async () => {
    const { sim, render, url } = await renderOf(
      { faults: { expiringUrlRate: 1, urlLifetimeSeconds: 4 }, timeScale: 0.5 },
      { image_url: `${photosUrl}/9.png` },
    );
    expect(render.urlLifetimeMs).toBe(2_000);
    expect((await fetch(url, { method: "HEAD" })).status).toBe(200);
    while (Date.now() <= render.finishedAt! + 2_000) await new Promise((resolve) => setTimeout(resolve, 50));

    expect((await fetch(url)).status).toBe(404);
    expect(sim.state.counters.expiredDownloads).toBe(1);
  });
});
