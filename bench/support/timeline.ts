// Where a render slot's time goes, from the app's timeline (JobEvent) and the
// simulator's record: a slot is taken when a job moves to "submitting" and
// given back when its callback moves it out of "rendering".
import type { Database } from "~/db.server";
import type { SimulatorState } from "../../dev/video-provider-simulator/state";
import { percentile } from "./stats";

export interface SlotBreakdown {
  /** Median ms from "submitting" to the provider receiving the render. */
  dispatchToProviderMs: number | null;
  /** Median ms from the render finishing at the provider to the job leaving "rendering". */
  finishToAppliedMs: number | null;
  /** The same two, p90. */
  dispatchToProviderP90Ms: number | null;
  finishToAppliedP90Ms: number | null;
  /** Median ms a slot stays empty between a job leaving "rendering" and the next one entering "submitting". */
  refillGapMs: number | null;
  refillGapP90Ms: number | null;
  refillGapMaxMs: number | null;
  /** Ms a slot is held (as slotHoldMs), p90 and the most. */
  holdP90Ms: number | null;
  holdMaxMs: number | null;
  /** Median ms a slot is held (submitting -> out of rendering). */
  slotHoldMs: number | null;
  /** Ms from the clock's start to the first job entering "submitting", and to the cap-th one (every slot taken once). */
  firstStartMs: number | null;
  allSlotsTakenMs: number | null;
}

export async function slotBreakdown(
  db: Database,
  shops: string[],
  state: SimulatorState,
  clock?: { startedAt: number; cap: number },
): Promise<SlotBreakdown> {
  const jobs = await db.videoJob.findMany({ where: { shop: { in: shops } }, select: { id: true, generationId: true } });
  const events = await db.jobEvent.findMany({
    where: { shop: { in: shops }, toStatus: { in: ["submitting", "checking", "awaiting_review", "failed", "publishing"] } },
    select: { jobId: true, toStatus: true, at: true, id: true },
    orderBy: { id: "asc" },
  });
  const submitting = new Map<string, number>();
  const released = new Map<string, number>();
  for (const e of events) {
    if (e.toStatus === "submitting") submitting.set(e.jobId, e.at.getTime());
    else if (!released.has(e.jobId)) released.set(e.jobId, e.at.getTime());
  }
  const submittedAt = new Map(state.submissions.filter((s) => s.generationId).map((s) => [s.generationId!, s.time]));
  const toProvider: number[] = [];
  const toApplied: number[] = [];
  const holds: number[] = [];
  for (const job of jobs) {
    const start = submitting.get(job.id);
    const end = released.get(job.id);
    if (start !== undefined && end !== undefined) holds.push(end - start);
    if (!job.generationId) continue;
    const atProvider = submittedAt.get(job.generationId);
    const finished = state.renders.get(job.generationId)?.finishedAt ?? null;
    if (start !== undefined && atProvider !== undefined) toProvider.push(atProvider - start);
    if (finished !== null && end !== undefined) toApplied.push(end - finished);
  }
  // With every slot busy, the k-th slot released is refilled by the start
  // that follows the first wave by k.
  const starts = [...submitting.values()].sort((a, b) => a - b);
  const ends = [...released.values()].sort((a, b) => a - b);
  const firstWave = firstWaveOf(starts, ends);
  const gaps: number[] = [];
  for (let k = 0; k + firstWave < starts.length && k < ends.length; k++) gaps.push(Math.max(0, starts[k + firstWave] - ends[k]));
  return {
    dispatchToProviderMs: percentile(toProvider, 50),
    finishToAppliedMs: percentile(toApplied, 50),
    dispatchToProviderP90Ms: percentile(toProvider, 90),
    finishToAppliedP90Ms: percentile(toApplied, 90),
    refillGapMs: percentile(gaps, 50),
    refillGapP90Ms: percentile(gaps, 90),
    refillGapMaxMs: gaps.length > 0 ? Math.max(...gaps) : null,
    holdP90Ms: percentile(holds, 90),
    holdMaxMs: holds.length > 0 ? Math.max(...holds) : null,
    slotHoldMs: percentile(holds, 50),
    firstStartMs: clock && starts.length > 0 ? starts[0] - clock.startedAt : null,
    allSlotsTakenMs: clock && starts.length >= clock.cap ? starts[clock.cap - 1] - clock.startedAt : null,
  };
}

/** How many jobs started before the first one ended: the first wave. */
function firstWaveOf(starts: number[], ends: number[]): number {
  if (ends.length === 0) return starts.length;
  return starts.filter((s) => s <= ends[0]).length;
}
