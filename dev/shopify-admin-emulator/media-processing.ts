// What Shopify does with a video after productCreateMedia: UPLOADED, then
// PROCESSING, then READY, or FAILED with mediaErrors when the file is not a
// video it can read. The outcome is decided when the media is created and
// the status follows from the time, so nothing runs in the background.
import type { Random } from "../shared/random";
import type { VideoProcessing } from "./catalog";
import type { StagedUpload } from "./staged-uploads";

export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";

export interface MediaTiming {
  /** How long a new video stays UPLOADED (default 200 ms). */
  uploadedMs: number;
  /** How long it then stays PROCESSING (default 800 ms). */
  processingMs: number;
}

export const DEFAULT_MEDIA_TIMING: MediaTiming = { uploadedMs: 200, processingMs: 800 };

/** An MP4 (or MOV) file starts with a box whose type, at bytes 4-8, is "ftyp". */
export function looksLikeMp4(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(4, 8).toString("latin1") === "ftyp";
}

export function planVideoProcessing(
  upload: StagedUpload & { stored: NonNullable<StagedUpload["stored"]> },
  input: { now: number; timing: MediaTiming; random: Random; failRate: number },
): VideoProcessing {
  const processingAt = input.now + input.timing.uploadedMs;
  const settledAt = processingAt + input.timing.processingMs;
  // Drawn for every video so one file's type does not shift later fault decisions.
  const injectedFailure = input.random.chance(input.failRate);
  const base = { stagedUploadId: upload.id, filename: upload.filename, fileSize: upload.stored.size, processingAt, settledAt };
  if (!looksLikeMp4(upload.stored.head)) {
    return {
      ...base,
      outcome: {
        status: "FAILED",
        code: "VIDEO_INVALID_FILETYPE_ERROR",
        details: "File format is not supported.",
        message: "File format is not supported.",
      },
    };
  }
  if (injectedFailure) {
    return {
      ...base,
      outcome: {
        status: "FAILED",
        code: "UNKNOWN",
        details: "Video processing failed.",
        message: "Media failed to process because of an unknown error.",
      },
    };
  }
  return { ...base, outcome: { status: "READY" } };
}

export function videoStatusAt(video: VideoProcessing, now: number): MediaStatus {
  if (now < video.processingAt) return "UPLOADED";
  if (now < video.settledAt) return "PROCESSING";
  return video.outcome.status;
}
