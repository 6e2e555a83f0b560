// The finished files the simulated providers point output URLs at. A render
// of a length and shape the app orders is a real, playable clip (clips/), so
// the review page's player plays it; any other is a header-only MP4 of the
// right duration. An "invalid video" fault serves an HTML page with a 200, as
// a misconfigured CDN would, so the app must check what it downloads.
import crypto from "node:crypto";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SimulatorContext } from "./context";
import type { RenderRecord } from "./state";

export const FILES_PATH = "/files/";
const MDAT_BYTES = 16 * 1024;
const MOVIE_TIMESCALE = 1000;

export function outputUrlFor(ctx: SimulatorContext, id: string): string {
  return `${ctx.baseUrl()}${FILES_PATH}${encodeURIComponent(id)}.mp4`;
}

export function videoFileFor(render: Pick<RenderRecord, "id" | "duration" | "aspectRatio" | "invalidVideo">): {
  contentType: string;
  bytes: Buffer;
} {
  if (render.invalidVideo) {
    return {
      contentType: "text/html; charset=utf-8",
      bytes: Buffer.from(`<!doctype html><html><body><h1>Access denied</h1><p>${render.id}</p></body></html>\n`),
    };
  }
  return { contentType: "video/mp4", bytes: sampleClip(render.duration, render.aspectRatio) ?? mp4Bytes(render.id, render.duration) };
}

/** CreativeAI names the aspect ratio; JSON2Video a resolution preset. */
const CLIP_SHAPES: Record<string, string> = {
  "16:9": "16x9",
  "1:1": "1x1",
  "9:16": "9x16",
  sd: "16x9",
  hd: "16x9",
  "full-hd": "16x9",
  "twitter-landscape": "16x9",
  squared: "1x1",
  "instagram-feed": "1x1",
  "instagram-story": "9x16",
  "twitter-portrait": "9x16",
};
const clips = new Map<string, Buffer | null>();

/** The committed clip of this duration and shape (made by clips/make-clips.sh), if there is one. */
function sampleClip(durationSeconds: number, aspectRatio: string): Buffer | null {
  const shape = CLIP_SHAPES[aspectRatio] ?? "16x9";
  const name = `${shape}-${durationSeconds}s.mp4`;
  if (!clips.has(name)) {
    const file = new URL(`./clips/${name}`, import.meta.url);
    clips.set(name, fs.existsSync(file) ? fs.readFileSync(file) : null);
  }
  return clips.get(name) ?? null;
}

/** GET and HEAD /files/<id>.mp4; only completed renders have a file. */
export function serveVideoFile(ctx: SimulatorContext, request: IncomingMessage, response: ServerResponse, pathname: string): void {
  const match = /^\/files\/([^/]+)\.mp4$/.exec(pathname);
  const render = match ? ctx.state.renders.get(decodeURIComponent(match[1])) : undefined;
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  if (!render || render.outcome !== "completed" || !render.finished) {
    response.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    return;
  }
  const file = videoFileFor(render);
  ctx.state.counters.fileDownloads += request.method === "GET" ? 1 : 0;
  response.writeHead(200, { "content-type": file.contentType, "content-length": String(file.bytes.length) });
  response.end(request.method === "HEAD" ? undefined : file.bytes);
}

/**
 * ftyp + moov(mvhd) + mdat: enough structure for a file sniffer or a media
 * probe reading the header to see an MP4 of the right duration. The payload is
 * derived from the id, so every render has its own bytes.
 */
function mp4Bytes(id: string, durationSeconds: number): Buffer {
  const ftyp = box("ftyp", Buffer.concat([Buffer.from("isom"), u32(0x200), Buffer.from("isomiso2avc1mp41")]));
  const mvhd = box(
    "mvhd",
    Buffer.concat([
      u32(0),
      u32(0),
      u32(0),
      u32(MOVIE_TIMESCALE),
      u32(Math.round(durationSeconds * MOVIE_TIMESCALE)),
      u32(0x00010000),
      Buffer.from([0x01, 0x00]),
      Buffer.alloc(10),
      identityMatrix(),
      Buffer.alloc(24),
      u32(2),
    ]),
  );
  const payload = Buffer.alloc(MDAT_BYTES);
  let block = crypto.createHash("sha256").update(id).digest();
  for (let offset = 0; offset < MDAT_BYTES; offset += block.length) {
    block.copy(payload, offset);
    block = crypto.createHash("sha256").update(block).digest();
  }
  return Buffer.concat([ftyp, box("moov", mvhd), box("mdat", payload)]);
}

function box(type: string, body: Buffer): Buffer {
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, "latin1"), body]);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}

function identityMatrix(): Buffer {
  return Buffer.concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32));
}
