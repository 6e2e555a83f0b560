// How close a finished clip stays to the product photo it was made from: the
// first line of defence against an AI render that changes the product.
//
// The method, kept simple on purpose (README, "Fidelity check"):
// 1. Sample SAMPLES_PER_SECOND frames with ffmpeg, scaled to ANALYSIS_WIDTH.
// 2. Frame the photo as the clip is framed: scaled to cover the clip's shape
//    and centre-cropped, at a few zooms (a push-in or pan shows the centre a
//    little larger), with sharp.
// 3. For each frame, on the centre of the picture (where the product is):
//    - likeness of shape: mean SSIM of the grey picture on a 16 x 16 grid
//      (windows of 4 x 4 cells), against the best-matching zoom;
//    - colour distance: mean CIE76 delta E between the Lab colours of a
//      6 x 6 grid of cells;
//    - black: the whole frame nearly black while the photo is not.
//    Each frame gets a closeness from 0 to 1: the lower of its shape and
//    colour closeness, 0 for a black frame.
// 4. The score is the worst second: the lowest mean closeness over any one
//    second of the clip, so a drift in the last second weighs as much as a
//    wrong product throughout. Seconds the file cannot be decoded count as 0.
// 5. A frozen clip (no frame-to-frame change over the whole clip, from a
//    photo with detail in it: a flat photo gives a still clip legitimately)
//    is capped at FROZEN_CAP.
// 6. The note says what went wrong and when, in the merchant's words, from
//    the frames that scored below FRAME_CLOSE.
// The constants were calibrated on the provider simulator's clips (good and
// drifted, frozen and black): fidelity.test.ts checks that every good clip
// scores above every drifted one and reports the margin.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import sharp from "sharp";

const run = promisify(execFile);

export interface FidelityResult {
  /** 0..1, higher = closer to the photo. */
  score: number;
  /** What differs and when, in the merchant's words; null when nothing does. */
  note: string | null;
}

export const SAMPLES_PER_SECOND = 4;
const ANALYSIS_WIDTH = 96;
/** The centre of the frame compared with the photo, as a share of each side. */
const CENTRE = 0.7;
const GRID = 16;
const SSIM_WINDOW = 4;
const COLOUR_GRID = 6;
/** The zooms of the photo a frame is compared with, each centred and shifted left and right (the best one counts). */
const ZOOMS = [1, 1.08, 1.16, 1.25];
const SHIFTS = [-1, 0, 1];
/** SSIM at or below SHAPE_FLOOR is nothing alike; at or above SHAPE_FULL, the same picture. */
const SHAPE_FLOOR = 0.3;
const SHAPE_FULL = 0.85;
/** Mean delta E at or below COLOUR_FULL looks the same; at or above COLOUR_FLOOR, other colours. */
const COLOUR_FULL = 6;
const COLOUR_FLOOR = 30;
/** Mean brightness (0..1) below which a frame is black. */
const BLACK = 0.06;
/** Mean grey change (0..1) between any two frames below which the clip never moved. */
const STILL = 0.004;
/** Grey spread (0..1) of the photo above which it has detail enough to show motion. */
const DETAIL = 0.03;
const FROZEN_CAP = 0.3;
/** A frame closer than this is fine; the note speaks of the frames below it. */
const FRAME_CLOSE = 0.6;
/** Frames whose shape likeness stays above this changed colour, not product. */
const SHAPE_KEPT = 0.5;
/** At or above this score, and with no frame below FRAME_CLOSE, there is nothing to say. */
const NOTE_BELOW = 0.8;
const FFMPEG_TIMEOUT_MS = 60_000;
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

type Rgb = Float64Array;

interface Picture {
  width: number;
  height: number;
  /** RGB, 0..1, row by row. */
  rgb: Rgb;
}

interface FrameReading {
  time: number;
  closeness: number;
  shape: number;
  colour: number;
  black: boolean;
}

export async function scoreClipFidelity(input: { clipPath: string; photo: Buffer; durationSeconds: number }): Promise<FidelityResult> {
  const { score, note } = await readClipFidelity(input);
  return { score, note };
}

/** The score with the per-frame readings behind it (what the constants above were calibrated on). */
async function readClipFidelity(input: { clipPath: string; photo: Buffer; durationSeconds: number }) {
  const { width, height } = await probeSize(input.clipPath);
  const analysis = { width: ANALYSIS_WIDTH, height: even((ANALYSIS_WIDTH * height) / width) };
  const frames = await sampleFrames(input.clipPath, analysis);
  const references = await framedPhoto(input.photo, analysis);
  const photoGrey = greyGrid(references[0], 1);
  const photoHasDetail = spread(photoGrey) > DETAIL;
  const photoIsBlack = mean(photoGrey) < BLACK;

  const referenceGrids = references.map((reference) => ({ grey: greyGrid(reference, CENTRE), lab: labGrid(reference) }));
  const readings: FrameReading[] = frames.map((frame, index) => {
    const time = index / SAMPLES_PER_SECOND;
    const black = !photoIsBlack && mean(greyGrid(frame, 1)) < BLACK;
    const grey = greyGrid(frame, CENTRE);
    const lab = labGrid(frame);
    let shape = 0;
    let colour = 0;
    for (const reference of referenceGrids) {
      shape = Math.max(shape, ramp(ssim(grey, reference.grey), SHAPE_FLOOR, SHAPE_FULL));
      colour = Math.max(colour, 1 - ramp(deltaE(lab, reference.lab), COLOUR_FULL, COLOUR_FLOOR));
    }
    return { time, shape, colour, black, closeness: black ? 0 : Math.min(shape, colour) };
  });

  const duration = Math.max(input.durationSeconds, 1 / SAMPLES_PER_SECOND);
  const worst = worstSecond(readings, duration);
  const frozen = photoHasDetail && frames.length > 1 && neverMoves(frames);
  const score = round(frozen ? Math.min(worst, FROZEN_CAP) : worst);
  return { score, note: noteFor(readings, duration, frozen, score), readings, frozen };
}

async function probeSize(clipPath: string): Promise<{ width: number; height: number }> {
  const { stdout } = await run(
    "ffprobe",
    ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "json", clipPath],
    { timeout: FFMPEG_TIMEOUT_MS },
  );
  const stream = (JSON.parse(stdout) as { streams?: { width?: number; height?: number }[] }).streams?.[0];
  if (!stream?.width || !stream.height) throw new Error("The clip has no video picture to compare with the product photo");
  return { width: stream.width, height: stream.height };
}

/** Raw RGB frames; a file that stops decoding gives the frames before the damage. */
async function sampleFrames(clipPath: string, size: { width: number; height: number }): Promise<Picture[]> {
  const args = ["-v", "error", "-i", clipPath, "-vf", `fps=${SAMPLES_PER_SECOND},scale=${size.width}:${size.height}`];
  args.push("-f", "rawvideo", "-pix_fmt", "rgb24", "-");
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    // A damaged file makes ffmpeg exit non-zero after the frames it could decode: keep those.
    execFile("ffmpeg", args, { encoding: "buffer", maxBuffer: MAX_FRAME_BYTES, timeout: FFMPEG_TIMEOUT_MS }, (error, out) => {
      if (error && (error as { killed?: boolean }).killed) reject(new Error("Sampling the clip's frames took too long"));
      else resolve(out);
    });
  });
  const frameBytes = size.width * size.height * 3;
  const pictures: Picture[] = [];
  for (let offset = 0; offset + frameBytes <= stdout.length; offset += frameBytes) {
    pictures.push(toPicture(stdout.subarray(offset, offset + frameBytes), size.width, size.height));
  }
  return pictures;
}

/** The photo as the clip frames it: at each zoom of ZOOMS, centred and panned to either side. */
async function framedPhoto(photo: Buffer, size: { width: number; height: number }): Promise<Picture[]> {
  const views = ZOOMS.flatMap((zoom) => (zoom === 1 ? [{ zoom, shift: 0 }] : SHIFTS.map((shift) => ({ zoom, shift }))));
  return Promise.all(
    views.map(async ({ zoom, shift }) => {
      const width = Math.round(size.width * zoom);
      const height = Math.round(size.height * zoom);
      const spare = width - size.width;
      const { data } = await sharp(photo)
        .rotate()
        .flatten({ background: "#ffffff" })
        .resize(width, height, { fit: "cover" })
        .extract({ left: Math.floor((spare * (1 + shift)) / 2), top: Math.floor((height - size.height) / 2), ...size })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      return toPicture(data, size.width, size.height);
    }),
  );
}

function toPicture(bytes: Buffer, width: number, height: number): Picture {
  const rgb = new Float64Array(width * height * 3);
  for (let i = 0; i < rgb.length; i++) rgb[i] = bytes[i] / 255;
  return { width, height, rgb };
}

/** Mean RGB of each cell of an n x n grid over the centre `share` of the picture. */
function cellMeans(picture: Picture, share: number, n: number): Float64Array {
  const cells = new Float64Array(n * n * 3);
  const counts = new Float64Array(n * n);
  const x0 = Math.floor((picture.width * (1 - share)) / 2);
  const y0 = Math.floor((picture.height * (1 - share)) / 2);
  const w = Math.max(1, Math.round(picture.width * share));
  const h = Math.max(1, Math.round(picture.height * share));
  for (let y = 0; y < h; y++) {
    const cy = Math.min(n - 1, Math.floor((y * n) / h));
    for (let x = 0; x < w; x++) {
      const cell = cy * n + Math.min(n - 1, Math.floor((x * n) / w));
      const pixel = ((y0 + y) * picture.width + x0 + x) * 3;
      cells[cell * 3] += picture.rgb[pixel];
      cells[cell * 3 + 1] += picture.rgb[pixel + 1];
      cells[cell * 3 + 2] += picture.rgb[pixel + 2];
      counts[cell] += 1;
    }
  }
  for (let cell = 0; cell < n * n; cell++) for (let c = 0; c < 3; c++) cells[cell * 3 + c] /= counts[cell] || 1;
  return cells;
}

function greyGrid(picture: Picture, share: number): Float64Array {
  const cells = cellMeans(picture, share, GRID);
  const grey = new Float64Array(GRID * GRID);
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * cells[i * 3] + 0.587 * cells[i * 3 + 1] + 0.114 * cells[i * 3 + 2];
  return grey;
}

/** Mean SSIM over SSIM_WINDOW x SSIM_WINDOW windows of the grid, stride 2 (Wang et al. 2004, values 0..1). */
function ssim(a: Float64Array, b: Float64Array): number {
  const c1 = 0.01 ** 2;
  const c2 = 0.03 ** 2;
  let total = 0;
  let windows = 0;
  for (let top = 0; top + SSIM_WINDOW <= GRID; top += 2) {
    for (let left = 0; left + SSIM_WINDOW <= GRID; left += 2) {
      let ma = 0;
      let mb = 0;
      const n = SSIM_WINDOW * SSIM_WINDOW;
      for (let y = top; y < top + SSIM_WINDOW; y++)
        for (let x = left; x < left + SSIM_WINDOW; x++) {
          ma += a[y * GRID + x];
          mb += b[y * GRID + x];
        }
      ma /= n;
      mb /= n;
      let va = 0;
      let vb = 0;
      let cov = 0;
      for (let y = top; y < top + SSIM_WINDOW; y++)
        for (let x = left; x < left + SSIM_WINDOW; x++) {
          const da = a[y * GRID + x] - ma;
          const db = b[y * GRID + x] - mb;
          va += da * da;
          vb += db * db;
          cov += da * db;
        }
      va /= n - 1;
      vb /= n - 1;
      cov /= n - 1;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      windows += 1;
    }
  }
  return total / windows;
}

function labGrid(picture: Picture): Float64Array {
  const cells = cellMeans(picture, CENTRE, COLOUR_GRID);
  const lab = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i += 3) lab.set(toLab(cells[i], cells[i + 1], cells[i + 2]), i);
  return lab;
}

/** sRGB (0..1) to CIE Lab under D65. */
function toLab(r: number, g: number, b: number): [number, number, number] {
  const linear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const [lr, lg, lb] = [linear(r), linear(g), linear(b)];
  const x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
  const y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
  const z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function deltaE(a: Float64Array, b: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i += 3) total += Math.hypot(a[i] - b[i], a[i + 1] - b[i + 1], a[i + 2] - b[i + 2]);
  return total / (a.length / 3);
}

/** The lowest mean closeness over any one second; seconds without decodable frames count as 0. */
function worstSecond(readings: FrameReading[], duration: number): number {
  const seconds = Math.max(1, Math.ceil(duration - 1e-6));
  let worst = 1;
  for (let second = 0; second < seconds; second++) {
    const inSecond = readings.filter((reading) => reading.time >= second && reading.time < second + 1);
    const closeness = inSecond.length === 0 ? 0 : mean(inSecond.map((reading) => reading.closeness));
    worst = Math.min(worst, closeness);
  }
  return worst;
}

function neverMoves(frames: Picture[]): boolean {
  const grids = frames.map((frame) => greyGrid(frame, 1));
  return grids.every((grid) => meanAbsoluteDifference(grid, grids[0]) < STILL);
}

function noteFor(readings: FrameReading[], duration: number, frozen: boolean, score: number): string | null {
  const decodedUntil = readings.length / SAMPLES_PER_SECOND;
  if (decodedUntil < duration - 1) {
    return readings.length === 0 ? "The video could not be played" : `The video breaks off at ${clock(decodedUntil)}`;
  }
  const off = readings.filter((reading) => reading.closeness < FRAME_CLOSE);
  if (frozen && !(off.length > 0 && off.every((reading) => reading.black))) return "The video doesn't move: it shows one still picture";
  if (off.length === 0 && score >= NOTE_BELOW) return null;
  if (off.length === 0) return "The video looks a little different from your product photo";
  const when = span(off[0].time, off[off.length - 1].time + 1 / SAMPLES_PER_SECOND, duration);
  if (off.some((reading) => reading.black)) return `The video goes black ${when}`;
  // Shape first: another product differs in colour too, a colour shift keeps the shape.
  const shapeKept = Math.min(...off.map((reading) => reading.shape)) >= SHAPE_KEPT;
  return shapeKept ? `Colours differ from your product photo ${when}` : `The product looks different from your photo ${when}`;
}

/** "throughout", "in the last second", "in the first 2 seconds", "from 0:02 to 0:04". */
function span(start: number, end: number, duration: number): string {
  const fromStart = start < 0.5;
  const toEnd = end > duration - 0.5;
  if (fromStart && toEnd) return "throughout";
  if (toEnd) return lastOrFirst("last", duration - start);
  if (fromStart) return lastOrFirst("first", end);
  return `from ${clock(start)} to ${clock(end)}`;
}

function lastOrFirst(which: "first" | "last", seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  return whole === 1 ? `in the ${which} second` : `in the ${which} ${whole} seconds`;
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function meanAbsoluteDifference(a: Float64Array, b: Float64Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) total += Math.abs(a[i] - b[i]);
  return total / a.length;
}

function mean(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return values.length === 0 ? 0 : total / values.length;
}

function spread(values: Float64Array): number {
  const m = mean(values);
  let total = 0;
  for (const value of values) total += (value - m) ** 2;
  return Math.sqrt(total / values.length);
}

/** 0 at or below `floor`, 1 at or above `full`, linear between. */
function ramp(value: number, floor: number, full: number): number {
  return Math.min(1, Math.max(0, (value - floor) / (full - floor)));
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}
