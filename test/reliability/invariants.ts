// What must hold after any run, whatever was injected. Each check returns the
// violations it found (an empty list is a pass), so a run can report them all.
import type { Database } from "~/db.server";
import { FINAL_STATUSES } from "~/jobs/status";
import type { ProviderSimulator } from "../../dev/video-provider-simulator/server";
import { acceptedPerImage } from "../support/pipeline-harness";

export interface InvariantReport {
  jobs: number;
  unsettled: string[];
  mismatched: string[];
  renderedTwice: string[];
  brokenTimelines: string[];
  capExceeded: string[];
  /** Jobs on a render older than their image's newest one (a replayed or out-of-date callback moved them). */
  earlierAttempt: string[];
  /** Callbacks the route recorded (and answered) that no dispatch round applied, e.g. after an applier was killed. */
  recordedNotApplied: string[];
}

export async function checkInvariants(
  db: Database,
  simulator: ProviderSimulator,
  options: { globalCap: number; settledStatuses?: string[] },
): Promise<InvariantReport> {
  const settled = options.settledStatuses ?? [...FINAL_STATUSES, "awaiting_review"];
  const jobs = await db.videoJob.findMany({ include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] } } });
  const report: InvariantReport = {
    jobs: jobs.length,
    unsettled: [],
    mismatched: [],
    renderedTwice: [],
    brokenTimelines: [],
    capExceeded: [],
    earlierAttempt: [],
    recordedNotApplied: [],
  };

  const accepted = acceptedPerImage(simulator);
  // Each test job has its own image, so the image's newest render is its current attempt's.
  const latestRenders = new Map<string, { id: string; submittedAt: number }>();
  for (const render of simulator.state.renders.values()) {
    const newest = latestRenders.get(render.imageUrl);
    if (!newest || render.submittedAt >= newest.submittedAt) latestRenders.set(render.imageUrl, render);
  }

  for (const job of jobs) {
    if (!settled.includes(job.status)) report.unsettled.push(`${job.id} is ${job.status}`);
    // One render per attempt: the first, and one for each time it was queued again on purpose.
    const attempts = 1 + job.events.filter((e) => e.toStatus === "queued" && e.fromStatus !== null).length;
    if ((accepted.get(job.imageUrl) ?? 0) > attempts)
      report.renderedTwice.push(`${job.id} accepted ${accepted.get(job.imageUrl)} times in ${attempts} attempts`);

    const truth = job.generationId ? simulator.state.renders.get(job.generationId) : undefined;
    const latest = latestRenders.get(job.imageUrl);
    if (truth && latest && truth.id !== latest.id) {
      report.earlierAttempt.push(`${job.id} is on ${truth.id}, but its latest attempt rendered ${latest.id}`);
    }
    if (job.status === "failed" && job.errorCode === "render_timeout") {
      if (truth?.outcome !== "never") report.mismatched.push(`${job.id} timed out but the provider ${truth?.outcome ?? "never saw it"}`);
    } else if (["awaiting_review", "published", "publishing"].includes(job.status)) {
      if (truth?.outcome !== "completed")
        report.mismatched.push(`${job.id} is ${job.status} but the provider says ${truth?.outcome ?? "nothing"}`);
    } else if (job.status === "failed" && job.errorCode === "render_failed") {
      if (truth?.outcome !== "failed") report.mismatched.push(`${job.id} failed but the provider says ${truth?.outcome ?? "nothing"}`);
    }

    // The timeline is one unbroken chain from creation to the current status.
    let previous: string | null = null;
    for (const event of job.events) {
      if (event.fromStatus !== previous) {
        report.brokenTimelines.push(`${job.id}: ${event.fromStatus} after ${previous}`);
        break;
      }
      previous = event.toStatus;
    }
    if (previous !== job.status) report.brokenTimelines.push(`${job.id}: timeline ends at ${previous}, job is ${job.status}`);
  }
  const peak = peakInFlight(
    simulator,
    new Map(jobs.filter((j) => j.generationId).map((j) => [j.generationId!, j.finishedAt?.getTime() ?? null])),
  );
  if (peak > options.globalCap) report.capExceeded.push(`${peak} renders in flight > cap ${options.globalCap}`);
  const unapplied = await db.providerCallback.findMany({ where: { appliedAt: null }, select: { deliveryKey: true }, take: 20 });
  report.recordedNotApplied.push(...unapplied.map((d) => `${d.deliveryKey} recorded, never applied`));
  return report;
}

export function violationCount(report: InvariantReport): number {
  return (
    report.unsettled.length +
    report.mismatched.length +
    report.renderedTwice.length +
    report.brokenTimelines.length +
    report.capExceeded.length +
    report.earlierAttempt.length +
    report.recordedNotApplied.length
  );
}

/**
 * The most renders the provider had in progress at once. A render counts from
 * its submission until it finished, or, for a render that never finishes,
 * until the app gave up on it (its job's finishedAt): past that point the app
 * no longer holds a slot for it, just as a real provider fails such a render.
 */
export function peakInFlight(simulator: ProviderSimulator, gaveUpAt: Map<string, number | null>): number {
  const edges: [number, number][] = [];
  for (const render of simulator.state.renders.values()) {
    const end = render.finishedAt ?? gaveUpAt.get(render.id) ?? Number.POSITIVE_INFINITY;
    edges.push([render.submittedAt, 1], [end, -1]);
  }
  // Ends before starts at the same instant: a slot freed and re-used at once is not an overlap.
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let peak = 0;
  for (const [, delta] of edges) {
    current += delta;
    peak = Math.max(peak, current);
  }
  return peak;
}
