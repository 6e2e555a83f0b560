// A clip's poster: one JPEG frame, shown by the review cards, the batch table
// and the job page before (or instead of) playing the clip.
import { runMediaTool } from "./media-tools.server";

/** A frame a little into the clip: the first is often a fade-in or still settling. */
export async function makePoster(clipPath: string, posterPath: string, durationSeconds: number): Promise<void> {
  const at = Math.min(1, Math.max(0, durationSeconds / 4));
  await runMediaTool(
    "ffmpeg",
    [
      "-nostdin",
      "-v",
      "error",
      "-y",
      "-ss",
      at.toFixed(2),
      "-i",
      clipPath,
      "-frames:v",
      "1",
      "-vf",
      "scale='min(640,iw)':-2",
      "-q:v",
      "4",
      posterPath,
    ],
    30_000,
  );
}
