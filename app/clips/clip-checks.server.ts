// What a clip must be before Shopify sees it. Shopify fails a video it cannot
// process only after the upload, minutes later, and counts it against the
// store's video limit meanwhile; these checks refuse such a clip up front,
// with ffprobe's reading of the file, a full decode and a check that the
// picture moves.
//
// Shopify's limits for product videos (help.shopify.com, product media):
// MP4 or MOV, up to 1 GB, up to 10 minutes, up to 4K. The app's own floor on
// the short side keeps clips that would look like thumbnails off product pages.
import { z } from "zod";
import { MediaToolError, runMediaTool } from "./media-tools.server";

export const SHOPIFY_VIDEO_LIMITS = {
  maxBytes: 1024 ** 3,
  maxSeconds: 10 * 60,
  /** 4K: 4096 x 2160 (either orientation). */
  maxLongSide: 4096,
  maxShortSide: 2160,
} as const;
export const MIN_SHORT_SIDE = 240;

/** Containers ffprobe names for MP4/MOV, and the codecs Shopify transcodes from them. */
const ACCEPTED_CONTAINER = /(^|,)(mov|mp4|m4a|3gp|3g2|mj2)(,|$)/;
const ACCEPTED_CODECS = new Set(["h264", "hevc", "vp9", "av1", "mpeg4"]);

/** A clip's length may differ from what was ordered by this much (encoders round to whole frames and GOPs). */
const DURATION_TOLERANCE_SECONDS = 0.6;
const ASPECT_TOLERANCE = 0.03;

const probeSchema = z.object({
  format: z.object({
    format_name: z.string(),
    duration: z.coerce.number().optional(),
    size: z.coerce.number().optional(),
  }),
  streams: z.array(
    z.object({
      codec_type: z.string(),
      codec_name: z.string().optional(),
      width: z.number().int().optional(),
      height: z.number().int().optional(),
      duration: z.coerce.number().optional(),
      sample_aspect_ratio: z.string().optional(),
    }),
  ),
});

export interface ClipFacts {
  container: string;
  codec: string;
  width: number;
  height: number;
  durationSeconds: number;
  bytes: number;
}

export interface ClipOrder {
  durationSeconds: number;
  /** "16:9", "1:1", "9:16"; null when the order named no shape. */
  aspectRatio: string | null;
}

export type ClipCheck = { ok: true; facts: ClipFacts } | { ok: false; problem: string; facts: ClipFacts | null };

const PROBE_TIMEOUT_MS = 20_000;
const DECODE_TIMEOUT_MS = 120_000;

async function probe(filePath: string): Promise<ClipFacts | string> {
  let stdout: string;
  try {
    ({ stdout } = await runMediaTool(
      "ffprobe",
      ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", filePath],
      PROBE_TIMEOUT_MS,
    ));
  } catch (error) {
    if (error instanceof MediaToolError) return "The file is not a video the app can read";
    throw error;
  }
  let parsed: z.infer<typeof probeSchema>;
  try {
    parsed = probeSchema.parse(JSON.parse(stdout));
  } catch {
    return "The file is not a video the app can read";
  }
  const video = parsed.streams.find((s) => s.codec_type === "video");
  if (!video || !video.width || !video.height) return "The file has no picture";
  return {
    container: parsed.format.format_name,
    codec: video.codec_name ?? "unknown",
    width: video.width,
    height: video.height,
    durationSeconds: parsed.format.duration ?? video.duration ?? 0,
    bytes: parsed.format.size ?? 0,
  };
}

function ratioOf(aspectRatio: string): number | null {
  const match = /^(\d+):(\d+)$/.exec(aspectRatio);
  return match ? Number(match[1]) / Number(match[2]) : null;
}

/** The first rule the facts break, in words a merchant reads; null when none. */
export function problemWith(facts: ClipFacts, order: ClipOrder): string | null {
  if (!ACCEPTED_CONTAINER.test(facts.container) || !ACCEPTED_CODECS.has(facts.codec)) {
    return "The clip is not in a video format Shopify accepts (MP4 or MOV)";
  }
  if (facts.bytes > SHOPIFY_VIDEO_LIMITS.maxBytes) return "The clip is larger than the 1 GB Shopify accepts";
  if (facts.durationSeconds > SHOPIFY_VIDEO_LIMITS.maxSeconds) return "The clip is longer than the 10 minutes Shopify accepts";
  if (Math.abs(facts.durationSeconds - order.durationSeconds) > DURATION_TOLERANCE_SECONDS) {
    return `The clip runs ${facts.durationSeconds.toFixed(1)} seconds instead of the ${order.durationSeconds} ordered`;
  }
  const long = Math.max(facts.width, facts.height);
  const short = Math.min(facts.width, facts.height);
  if (long > SHOPIFY_VIDEO_LIMITS.maxLongSide || short > SHOPIFY_VIDEO_LIMITS.maxShortSide) {
    return `The clip is ${facts.width} x ${facts.height} pixels, larger than the 4K Shopify accepts`;
  }
  if (short < MIN_SHORT_SIDE) return `The clip is only ${facts.width} x ${facts.height} pixels, too small for a product page`;
  const ordered = order.aspectRatio ? ratioOf(order.aspectRatio) : null;
  if (ordered !== null && Math.abs(facts.width / facts.height / ordered - 1) > ASPECT_TOLERANCE) {
    return `The clip's shape (${facts.width} x ${facts.height}) is not the ${order.aspectRatio} ordered`;
  }
  return null;
}

/** Reads every frame: a file whose header is fine but whose picture is broken fails here. */
async function decodes(filePath: string): Promise<boolean> {
  try {
    const { stderr } = await runMediaTool("ffmpeg", ["-nostdin", "-v", "error", "-i", filePath, "-f", "null", "-"], DECODE_TIMEOUT_MS);
    return stderr.trim() === "";
  } catch (error) {
    if (error instanceof MediaToolError) return false;
    throw error;
  }
}

/**
 * Whether the picture never changes: ffmpeg's freezedetect reports a freeze
 * from the first frame that never ends (no freeze_end before the end of the
 * file). A slow push-in or pan changes the picture well past its noise floor
 * within a second or two, so a clip "frozen" for 80% of its length is a still.
 */
async function isFrozen(filePath: string, durationSeconds: number): Promise<boolean> {
  const minimum = Math.max(1, durationSeconds * 0.8).toFixed(2);
  try {
    const { stderr } = await runMediaTool(
      "ffmpeg",
      ["-nostdin", "-hide_banner", "-i", filePath, "-map", "0:v:0", "-vf", `freezedetect=d=${minimum}`, "-f", "null", "-"],
      DECODE_TIMEOUT_MS,
    );
    const start = /lavfi\.freezedetect\.freeze_start: ([\d.]+)/.exec(stderr);
    return start !== null && Number(start[1]) < 0.5 && !/freeze_end/.test(stderr);
  } catch (error) {
    if (error instanceof MediaToolError) return false;
    throw error;
  }
}

export async function checkClip(filePath: string, order: ClipOrder): Promise<ClipCheck> {
  const facts = await probe(filePath);
  if (typeof facts === "string") return { ok: false, problem: facts, facts: null };
  const problem = problemWith(facts, order);
  if (problem) return { ok: false, problem, facts };
  if (!(await decodes(filePath))) return { ok: false, problem: "The clip is damaged: part of it cannot be played", facts };
  if (await isFrozen(filePath, facts.durationSeconds))
    return { ok: false, problem: "The clip doesn't move: it shows one still picture", facts };
  return { ok: true, facts };
}
