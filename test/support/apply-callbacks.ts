// What the workers' dispatch rounds do with recorded provider callbacks, for
// tests that run no workers: rounds until nothing recorded is left to apply.
import { dispatchRound } from "~/pipeline/dispatch.server";
import type { PipelineContext } from "~/pipeline/context.server";

export async function applyRecordedCallbacks(ctx: PipelineContext): Promise<number> {
  let applied = 0;
  for (;;) {
    const round = (await dispatchRound(ctx)).callbacksApplied ?? 0;
    if (round === 0) return applied;
    applied += round;
  }
}
