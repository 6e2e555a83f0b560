// The finished files the simulated providers point output URLs at. A
// completed render's file is an H.264 clip rendered from its product photo
// (clip-source.ts), made the first time it is asked for; when the photo
// cannot be fetched it is the committed stock clip of its length and shape,
// and for a length with no stock clip a header-only MP4 of the right
// duration. An "invalid video" fault serves an HTML page with a 200, as a
// misconfigured CDN would, so the app must check what it downloads; an
// expiring URL answers 404 once its lifetime has passed, as signed output
// links do.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clipFromPhoto, stockClip } from "./clip-source";
import type { SimulatorContext } from "./context";
import type { RenderRecord } from "./state";

export const FILES_PATH = "/files/";
const MDAT_BYTES = 16 * 1024;
const MOVIE_TIMESCALE = 1000;

export interface VideoFile {
  contentType: string;
  bytes: Buffer;
}

export function outputUrlFor(ctx: SimulatorContext, id: string): string {
  return `${ctx.baseUrl()}${FILES_PATH}${encodeURIComponent(id)}.mp4`;
}

const files = new WeakMap<RenderRecord, Promise<VideoFile>>();

/** The render's file, made once per render (and the clip once per photo, shape, length and fault). */
export function videoFileFor(ctx: SimulatorContext, render: RenderRecord): Promise<VideoFile> {
  let file = files.get(render);
  if (!file) {
    file = makeVideoFile(ctx, render);
    files.set(render, file);
  }
  return file;
}

async function makeVideoFile(ctx: SimulatorContext, render: RenderRecord): Promise<VideoFile> {
  if (render.invalidVideo) {
    return {
      contentType: "text/html; charset=utf-8",
      bytes: Buffer.from(`<!doctype html><html><body><h1>Access denied</h1><p>${render.id}</p></body></html>\n`),
    };
  }
  const { bytes, origin } = await clipFromPhoto(ctx, render);
  const stock = bytes ? null : stockClip(render.duration, render.aspectRatio);
  const clip = bytes ?? stockOrHeaderOnlyMp4(render.id, render.duration, render.aspectRatio);
  render.clip = { ...origin, source: bytes ? origin.source : stock ? "stock" : "header-only", bytes: clip.length };
  if (origin.photoError) ctx.log(`render ${render.id}: ${render.clip.source} clip, ${origin.photoError}`);
  return { contentType: "video/mp4", bytes: clip };
}

/** The stock clip of this length and shape, else a header-only MP4 of the length (its bytes derived from the id). */
export function stockOrHeaderOnlyMp4(id: string, durationSeconds: number, aspectRatio: string): Buffer {
  return stockClip(durationSeconds, aspectRatio) ?? mp4Bytes(id, durationSeconds);
}

/** Whether an expiring output URL has passed its lifetime. */
export function outputUrlExpired(render: RenderRecord, now = Date.now()): boolean {
  return render.urlLifetimeMs !== null && render.finishedAt !== null && now > render.finishedAt + render.urlLifetimeMs;
}

/** GET and HEAD /files/<id>.mp4; only completed renders have a file, and an expired link has none. */
export async function serveVideoFile(
  ctx: SimulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
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
  if (outputUrlExpired(render)) {
    ctx.state.counters.expiredDownloads += 1;
    response.writeHead(404, { "content-type": "text/plain" }).end("This link has expired\n");
    return;
  }
  const file = await videoFileFor(ctx, render);
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
