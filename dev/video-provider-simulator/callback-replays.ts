// Callbacks that arrive again when they should not: a replay of a delivery's
// exact bytes later on (as an attacker who captured it would send it), and the
// final callback of an image's earlier render arriving while a newer render of
// the same image is under way (an out-of-date callback for an earlier
// submission attempt). Either must leave the app's current render alone.
import type { SimulatorContext } from "./context";
import type { RenderRecord } from "./state";

/** Simulated ms after the final callback goes out that its replay does. */
export const REPLAY_AFTER_MS = 2_000;
/** Simulated ms after a newer render's submission that the earlier render's callback arrives. */
export const OUT_OF_DATE_AFTER_MS = 100;

/**
 * Called as a render's final callback goes out, with a way to send it again
 * unchanged: replays it later if its fate says so, and keeps it for the
 * image's next render.
 */
export function rememberFinalCallback(ctx: SimulatorContext, render: RenderRecord, sendAgain: () => Promise<boolean>): void {
  ctx.finalCallbacks.set(render.imageUrl, sendAgain);
  if (render.replayCallback) resend(ctx, REPLAY_AFTER_MS, sendAgain);
}

/** Called when a render of an image is accepted: maybe the image's earlier render calls back now. */
export function newerRenderAccepted(ctx: SimulatorContext, render: RenderRecord): void {
  const earlier = ctx.finalCallbacks.get(render.imageUrl);
  if (earlier && render.outOfDateCallback) resend(ctx, OUT_OF_DATE_AFTER_MS, earlier);
}

function resend(ctx: SimulatorContext, afterMs: number, sendAgain: () => Promise<boolean>): void {
  ctx.scheduler.after(afterMs, () => {
    ctx.state.counters.callbacksReplayed += 1;
    void sendAgain();
  });
}
