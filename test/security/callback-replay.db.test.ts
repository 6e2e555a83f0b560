// Replays of genuine, signed callbacks. The old render's callback of a job
// that was retried, sent again to the URL it came to (or with the attempt
// taken out of the URL), never moves the job's current attempt: it is
// acknowledged, ignored and recorded as such. A held callback, once applied,
// is recorded under its real delivery key, so its repeat is a duplicate.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyHeld } from "~/pipeline/callback-inbox.server";
import { retryJob } from "~/pipeline/merchant-actions.server";
import { submitVideoJob } from "~/pipeline/submit.server";
import { transitionJob } from "~/jobs/state-machine.server";
import { makeBatch, makeJob } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { applyRecordedCallbacks } from "../support/apply-callbacks";

const shop = "replay.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 2,
    shops: [{ shop, concurrencyCap: 2, autoPublish: false }],
    simulator: { seed: 7, renderTimeMs: { min: 100, max: 100 } },
  });
});
afterAll(async () => {
  await h?.stop();
});

async function replay(url: string, delivery: { body: string; headers: string }) {
  const response = await fetch(url, {
    method: "POST",
    headers: JSON.parse(delivery.headers) as Record<string, string>,
    body: delivery.body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const withoutAttempt = (url: string) => {
  const stripped = new URL(url);
  stripped.searchParams.delete("attempt");
  return stripped.toString();
};

async function jobRow(id: string) {
  return h.t.db.videoJob.findUniqueOrThrow({ where: { id } });
}

describe("a retried job", () => {
  it("is never moved by its earlier attempt's callback, replayed at any point of the new attempt", async () => {
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });

    // Attempt 1 fails at the provider; its signed callback is what an attacker replays.
    h.simulator.setFaults({ failRate: 1 });
    const first = await submitVideoJob(h.ctx, job.id, { isLast: false });
    expect(first.kind).toBe("submitted");
    const oldRender = first.kind === "submitted" ? first.generationId : "";
    // No workers run here: each look applies what the callback route recorded, as their dispatch rounds would.
    await waitFor(
      async () => {
        await applyRecordedCallbacks(h.ctx);
        return (await jobRow(job.id)).status === "failed";
      },
      { what: "attempt 1 to fail" },
    );
    const captured = await h.t.db.providerCallback.findFirstOrThrow({ where: { generationId: oldRender } });
    const oldUrl = h.simulator.state.renders.get(oldRender)!.callbackUrl!;
    expect(oldUrl).toContain(`job=${job.id}`);
    expect(oldUrl).toContain("attempt=");

    // The merchant retries; the dispatcher hands the job to a worker, which is
    // sending attempt 2 right now (its answer not back yet).
    h.simulator.setFaults({ failRate: 0 });
    expect(await retryJob(h.t.db, h.ctx.queues, shop, job.id)).toBe(true);
    expect((await transitionJob(h.t.db, { jobId: job.id, from: ["queued"], to: "submitting" })).moved).toBe(true);
    expect((await jobRow(job.id)).attemptNonce).toBeNull();
    await h.t.db.videoJob.update({
      where: { id: job.id },
      data: { attemptNonce: crypto.randomBytes(18).toString("base64url"), submitUnansweredSince: new Date() },
    });

    expect(await replay(oldUrl, captured)).toEqual({ status: 202, body: { received: true } });
    expect(await replay(withoutAttempt(oldUrl), captured)).toEqual({ status: 202, body: { received: true } });
    let row = await jobRow(job.id);
    expect([row.status, row.generationId, row.errorMessage]).toEqual(["submitting", null, null]);

    // Attempt 2 is sent for real and renders; the replays still change nothing.
    await h.t.db.videoJob.update({ where: { id: job.id }, data: { submitUnansweredSince: null } });
    const second = await submitVideoJob(h.ctx, job.id, { isLast: false });
    expect(second.kind).toBe("submitted");
    const newRender = second.kind === "submitted" ? second.generationId : "";
    // The same replays again are repeats of deliveries already recorded; a guessed attempt is new, and ignored too.
    const duplicate = { status: 200, body: { received: true, duplicate: true } };
    expect(await replay(oldUrl, captured)).toEqual(duplicate);
    expect(await replay(withoutAttempt(oldUrl), captured)).toEqual(duplicate);
    const guessed = new URL(oldUrl);
    guessed.searchParams.set("attempt", "guess");
    expect(await replay(guessed.toString(), captured)).toEqual({ status: 202, body: { received: true } });

    const finished = await waitFor(
      async () => {
        await applyRecordedCallbacks(h.ctx);
        const current = await jobRow(job.id);
        return current.status === "checking" ? current : undefined;
      },
      { what: "attempt 2 to finish" },
    );
    expect(finished.generationId).toBe(newRender);
    expect(await replay(oldUrl, captured)).toEqual(duplicate);
    row = await jobRow(job.id);
    expect([row.status, row.generationId, row.errorMessage]).toEqual(["checking", newRender, null]);

    // Recorded as ignored, under a key of their own.
    const ignored = await h.t.db.providerCallback.findMany({
      where: { generationId: oldRender, deliveryKey: { startsWith: "earlier-attempt:" } },
    });
    expect(ignored.length).toBe(3);
    const timeline = await h.t.db.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } });
    expect(timeline.map((e) => e.toStatus)).toEqual(["rendering", "failed", "queued", "submitting", "rendering", "checking"]);
  });
});

describe("a held callback", () => {
  it("is recorded under its real delivery key once applied, so a repeat is a duplicate", async () => {
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });
    const id = "vgen_held_then_repeated";
    const body = JSON.stringify({
      id,
      object: "video.generation",
      status: "completed",
      model: "kling-v3",
      model_actual: "kling-v3",
      prompt: "p",
      output_url: `https://cdn.example.com/${id}.mp4`,
      error_message: null,
      credits: 3,
      failover_used: false,
      completed_at: new Date().toISOString(),
    });
    const headers = JSON.stringify({
      "content-type": "application/json",
      "x-creativeai-delivery-id": id,
      "x-creativeai-signature": `sha256=${crypto.createHmac("sha256", SIMULATOR_KEY).update(body).digest("hex")}`,
    });
    const url = `${h.callbacks.origin}/webhooks/video/creativeai`;
    expect((await replay(url, { body, headers })).status).toBe(401);
    await transitionJob(h.t.db, { jobId: job.id, from: ["submitting"], to: "rendering", patch: { generationId: id } });
    expect(await applyHeld(h.ctx, id)).toBe(1);
    await applyRecordedCallbacks(h.ctx);
    expect((await jobRow(job.id)).status).toBe("checking");
    expect(await h.t.db.providerCallback.count({ where: { deliveryKey: `creativeai:${id}:completed` } })).toBe(1);
    expect(await replay(url, { body, headers })).toEqual({ status: 200, body: { received: true, duplicate: true } });
    expect(await h.t.db.jobEvent.count({ where: { jobId: job.id } })).toBe(2);
  });
});

describe("an attempt", () => {
  it("is sent once, under one nonce, when two workers pick the job at the same moment", async () => {
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });
    const acceptedBefore = h.simulator.state.counters.accepted;
    const outcomes = await Promise.all([
      submitVideoJob(h.ctx, job.id, { isLast: false }),
      submitVideoJob(h.ctx, job.id, { isLast: false }),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(["skipped", "submitted"]);
    expect(h.simulator.state.counters.accepted - acceptedBefore).toBe(1);
    const row = await jobRow(job.id);
    expect(row.submitAttempts).toBe(1);
    expect(h.simulator.state.renders.get(row.generationId!)!.callbackUrl).toContain(`attempt=${row.attemptNonce}`);
  });
});
