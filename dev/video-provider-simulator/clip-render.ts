// Renders a finished clip from the product photo with ffmpeg, the way an
// image-to-video model's output looks from outside: the photo filling the
// ordered frame, a slow push-in or pan, H.264 in an MP4 (yuv420p, faststart).
// Small frames and a fast preset keep a clip near half a CPU second
// (bench/scenarios/clip-checks.ts measures it). Clip faults are rendered
// here too, so the app's checks meet real files: a drift (the product turning
// into another one, or its colours shifting, from halfway), a frozen clip, a
// truncated file and a clip in the wrong shape.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";

const run = promisify(execFile);

export type ClipFault = "drifted-product" | "drifted-colour" | "frozen" | "truncated" | "wrong-aspect";
export type ClipMotion = "push-in" | "pan";

export interface ClipShape {
  width: number;
  height: number;
}

export interface ClipRequest {
  photo: Buffer;
  shape: ClipShape;
  durationSeconds: number;
  motion: ClipMotion;
  fault: ClipFault | null;
  /** Another product's photo, for a drifted-product clip. */
  otherPhoto?: Buffer | null;
  /** Frames per second; 24 unless a test wants smaller, quicker clips. */
  fps?: number;
}

const FPS = 24;
/** The long side of every clip: a modest frame, quick to render and to check. */
const LONG_SIDE = 448;
/** How far the push-in zooms, and the zoom a pan is shot at. */
const ZOOM = 0.12;
/** Where a drift starts, as a share of the clip. */
const DRIFT_FROM = 0.5;
/** A truncated file keeps this share of its bytes: its header survives, its last seconds do not. */
const TRUNCATED_SHARE = 0.45;
const FFMPEG_TIMEOUT_MS = 60_000;

/** CreativeAI names an aspect ratio, JSON2Video a resolution preset; both become a frame. */
const ASPECTS: Record<string, [number, number]> = {
  "16:9": [16, 9],
  "9:16": [9, 16],
  "1:1": [1, 1],
  "21:9": [21, 9],
  "4:3": [4, 3],
  "3:4": [3, 4],
  sd: [16, 9],
  hd: [16, 9],
  "full-hd": [16, 9],
  "twitter-landscape": [16, 9],
  custom: [16, 9],
  squared: [1, 1],
  "instagram-feed": [1, 1],
  "instagram-story": [9, 16],
  "twitter-portrait": [9, 16],
};

export function clipShapeFor(aspectRatio: string): ClipShape {
  const [w, h] = ASPECTS[aspectRatio] ?? ASPECTS["16:9"];
  // A square clip at the long side would be twice the pixels of a 16:9 one.
  const long = w === h ? 320 : LONG_SIDE;
  const short = even((long * Math.min(w, h)) / Math.max(w, h));
  return w >= h ? { width: long, height: w === h ? long : short } : { width: short, height: long };
}

/** The shape a wrong-aspect clip comes out in: portrait for landscape, landscape otherwise. */
export function wrongShapeFor(shape: ClipShape): ClipShape {
  return shape.width > shape.height ? clipShapeFor("9:16") : clipShapeFor("16:9");
}

export async function renderClip(request: ClipRequest): Promise<Buffer> {
  const shape = request.fault === "wrong-aspect" ? wrongShapeFor(request.shape) : request.shape;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "simulated-clip-"));
  try {
    const photo = path.join(dir, "photo.png");
    const other = path.join(dir, "other.png");
    const out = path.join(dir, "clip.mp4");
    // Twice the frame, so the zoom moves in sub-pixel steps rather than jumping pixel by pixel.
    await fs.writeFile(photo, await framed(request.photo, shape));
    const drift =
      request.fault === "drifted-product" && request.otherPhoto ? "product" : request.fault?.startsWith("drifted") ? "colour" : null;
    if (drift === "product") await fs.writeFile(other, await framed(request.otherPhoto as Buffer, shape));
    const args = ["-v", "error", "-y", "-i", photo, ...(drift === "product" ? ["-i", other] : [])];
    args.push("-filter_complex", filterGraph(request, shape, drift), "-map", "[out]");
    const fps = request.fps ?? FPS;
    args.push("-frames:v", String(Math.round(request.durationSeconds * fps)), "-r", String(fps));
    args.push("-c:v", "libx264", "-preset", "veryfast", "-crf", "28", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-an", out);
    await run("ffmpeg", args, { timeout: FFMPEG_TIMEOUT_MS });
    const bytes = await fs.readFile(out);
    return request.fault === "truncated" ? bytes.subarray(0, Math.floor(bytes.length * TRUNCATED_SHARE)) : bytes;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The photo scaled to cover twice the frame and cropped to its centre, as a PNG ffmpeg reads quickly. */
async function framed(photo: Buffer, shape: ClipShape): Promise<Buffer> {
  return sharp(photo)
    .rotate()
    .flatten({ background: "#ffffff" })
    .resize(shape.width * 2, shape.height * 2, { fit: "cover" })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

function filterGraph(request: ClipRequest, shape: ClipShape, drift: "product" | "colour" | null): string {
  const fps = request.fps ?? FPS;
  const frames = Math.round(request.durationSeconds * fps);
  const size = `${shape.width}x${shape.height}`;
  const driftAt = (request.durationSeconds * DRIFT_FROM).toFixed(2);
  // zoompan repeats its one input image for d frames; "on" is the output frame number.
  const move =
    request.fault === "frozen"
      ? `zoompan=z=1:d=${frames}:s=${size}:fps=${fps}`
      : request.motion === "push-in"
        ? `zoompan=z='1+${ZOOM}*on/${frames}':x='iw/2-iw/zoom/2':y='ih/2-ih/zoom/2':d=${frames}:s=${size}:fps=${fps}`
        : `zoompan=z=${1 + ZOOM}:x='(iw-iw/zoom)*on/${frames}':y='ih/2-ih/zoom/2':d=${frames}:s=${size}:fps=${fps}`;
  if (drift === "product") {
    // The second product fades in over a second from halfway, as a model drifting off its subject does.
    return `[0:v]${move},format=yuv420p[a];[1:v]${move},format=yuva420p,fade=t=in:st=${driftAt}:d=1:alpha=1[b];[a][b]overlay=format=auto,format=yuv420p[out]`;
  }
  if (drift === "colour") {
    // Hue alone barely moves a cream or grey product: exposure drifts with it, as it does in such renders.
    const shift = `clip((t-${driftAt})/1,0,1)`;
    return `[0:v]${move},hue=h='150*${shift}':s='1+0.6*${shift}':b='-2.5*${shift}',format=yuv420p[out]`;
  }
  return `[0:v]${move},format=yuv420p[out]`;
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}
