// The callback route answers 401 / 400 / 2xx as documented for every kind of
// bad input, never 500, and moves a job only forward.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipelineQueues } from "~/queues/queues.server";
import { producerConnection } from "~/queues/connection.server";
import { receiveProviderCallback } from "~/pipeline/callback-intake.server";
import { dispatchRound } from "~/pipeline/dispatch.server";
import { forgetShopSettings } from "~/settings/settings-cache.server";
import { makeBatch, makeJob } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";

const shop = "callbacks.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 4, shops: [{ shop, concurrencyCap: 4, autoPublish: false }] });
});
afterAll(async () => {
  await h?.stop();
});

const sign = (body: string, key = SIMULATOR_KEY) => `sha256=${crypto.createHmac("sha256", key).update(body).digest("hex")}`;

function payload(id: string, status: string, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    id,
    object: "video.generation",
    status,
    model: "kling-v3",
    model_actual: "kling-v3",
    prompt: "p",
    output_url: status === "completed" ? `https://cdn.example.com/${id}.mp4` : null,
    error_message: status === "failed" ? "provider timeout after retry budget" : null,
    credits: 3,
    failover_used: false,
    completed_at: "2026-03-10T14:23:01Z",
    ...extra,
  });
}

async function post(body: string, headers: Record<string, string>, path = "/webhooks/video/creativeai") {
  const response = await fetch(`${h.callbacks.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
}

async function renderingJob(generationId: string) {
  const batch = await makeBatch(h.t.db, shop);
  return makeJob(h.t.db, { shop, batchId: batch.id, status: "rendering", generationId });
}

describe("CreativeAI callback route", () => {
  it("accepts a valid callback and moves the job forward once", async () => {
    const job = await renderingJob("vgen_ok");
    const body = payload("vgen_ok", "completed");
    const first = await post(body, { "x-creativeai-signature": sign(body), "x-creativeai-delivery-id": "vgen_ok" });
    expect(first).toEqual({ status: 200, body: { received: true } });
    const again = await post(body, { "x-creativeai-signature": sign(body), "x-creativeai-delivery-id": "vgen_ok" });
    expect(again).toEqual({ status: 200, body: { received: true, duplicate: true } });
    // Answered once recorded; the next dispatch round applies it.
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rendering");
    expect(await h.t.db.providerCallback.count({ where: { generationId: "vgen_ok", appliedAt: null } })).toBe(1);
    expect((await dispatchRound(h.ctx)).callbacksApplied).toBe(1);
    expect(await h.t.db.providerCallback.count({ where: { generationId: "vgen_ok", appliedAt: null } })).toBe(0);
    const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("checking");
    expect(row.outputUrl).toBe("https://cdn.example.com/vgen_ok.mp4");
    expect(await h.t.db.jobEvent.count({ where: { jobId: job.id } })).toBe(1);
  });

  it("moves a job once whichever path brings its result first: a callback after polling is recorded and changes nothing", async () => {
    const job = await renderingJob("vgen_polled");
    const polled = {
      generationId: "vgen_polled",
      status: "completed",
      outputUrl: "https://cdn.example.com/vgen_polled.mp4",
      errorMessage: null,
      credits: 3,
      failoverUsed: false,
      modelActual: "kling-v3",
      completedAt: "2026-03-10T14:23:01Z",
    } as const;
    const { applyRenderResult } = await import("~/pipeline/reconcile.server");
    expect(await applyRenderResult(h.ctx, job, polled)).toBe("moved");
    expect(await applyRenderResult(h.ctx, job, polled)).toBe("unchanged");

    const body = payload("vgen_polled", "completed");
    const headers = { "x-creativeai-signature": sign(body), "x-creativeai-delivery-id": "vgen_polled", "x-unrelated": "not kept" };
    expect(await post(body, headers)).toEqual({ status: 200, body: { received: true } });
    await dispatchRound(h.ctx);
    const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("checking");
    expect(await h.t.db.jobEvent.count({ where: { jobId: job.id } })).toBe(1);
    // Recorded with the headers CreativeAI's profile keeps, and nothing else it was sent.
    const recorded = await h.t.db.providerCallback.findFirstOrThrow({ where: { generationId: "vgen_polled" } });
    expect(JSON.parse(recorded.headers)).toEqual({
      "content-type": "application/json",
      "x-creativeai-signature": sign(body),
      "x-creativeai-delivery-id": "vgen_polled",
    });
  });

  it("ignores a late 'processing' after 'completed'", async () => {
    const job = await renderingJob("vgen_late");
    const done = payload("vgen_late", "completed");
    await post(done, { "x-creativeai-signature": sign(done) });
    const late = payload("vgen_late", "processing");
    expect((await post(late, { "x-creativeai-signature": sign(late) })).status).toBe(200);
    await dispatchRound(h.ctx);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("checking");
  });

  it("lets a failure arriving after completion change nothing", async () => {
    const job = await renderingJob("vgen_order");
    const done = payload("vgen_order", "completed");
    const failed = payload("vgen_order", "failed");
    await post(done, { "x-creativeai-signature": sign(done) });
    expect((await post(failed, { "x-creativeai-signature": sign(failed) })).status).toBe(200);
    // Both applied in one round, in the order they arrived.
    expect((await dispatchRound(h.ctx)).callbacksApplied).toBe(2);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("checking");
  });

  it("records a failed render with the provider's reason in merchant words", async () => {
    const job = await renderingJob("vgen_fail");
    const body = payload("vgen_fail", "failed");
    expect((await post(body, { "x-creativeai-signature": sign(body) })).status).toBe(200);
    await dispatchRound(h.ctx);
    const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("failed");
    expect(row.errorMessage).toMatch(/could not make this clip \(provider timeout after retry budget\)\. Retry/);
  });

  const rejections: [string, number, (body: string) => Record<string, string>][] = [
    ["no signature header", 401, () => ({})],
    ["a signature made with another key", 401, (b) => ({ "x-creativeai-signature": sign(b, "someone-else") })],
    ["a truncated signature", 401, (b) => ({ "x-creativeai-signature": sign(b).slice(0, 40) })],
    ["a non-hex signature", 401, () => ({ "x-creativeai-signature": `sha256=${"zz".repeat(32)}` })],
    ["a signature without its prefix", 401, (b) => ({ "x-creativeai-signature": sign(b).slice(7) })],
    ["an empty signature", 401, () => ({ "x-creativeai-signature": "sha256=" })],
    ["a huge signature header", 401, () => ({ "x-creativeai-signature": `sha256=${"a".repeat(8_000)}` })],
  ];
  it.each(rejections)("rejects %s with %i and changes nothing", async (_name, expected, headersFor) => {
    const job = await renderingJob(`vgen_${crypto.randomBytes(4).toString("hex")}`);
    const body = payload(job.generationId!, "completed");
    const answer = await post(body, headersFor(body));
    expect(answer.status).toBe(expected);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rendering");
    expect(await h.t.db.providerCallback.count({ where: { generationId: job.generationId! } })).toBe(0);
  });

  it("rejects a tampered body with 401", async () => {
    const job = await renderingJob("vgen_tamper");
    const body = payload("vgen_tamper", "completed");
    const tampered = body.replace("vgen_tamper.mp4", "evil.mp4");
    expect((await post(tampered, { "x-creativeai-signature": sign(body) })).status).toBe(401);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rendering");
  });

  it("answers 400 for a signed body that is not a callback", async () => {
    await renderingJob("vgen_shape");
    const body = JSON.stringify({ id: "vgen_shape", status: "exploded" });
    expect((await post(body, { "x-creativeai-signature": sign(body) })).status).toBe(400);
    expect(
      (await post("not json at all", { "x-creativeai-signature": sign("not json at all"), "x-creativeai-delivery-id": "vgen_shape" }))
        .status,
    ).toBe(400);
    expect((await post("[]", {})).status).toBe(400);
    expect((await post("", {})).status).toBe(400);
  });

  it("holds a callback for an unknown generation id without touching any job, and applies it once the job is known", async () => {
    const body = payload("vgen_early", "completed");
    const answer = await post(body, { "x-creativeai-signature": sign(body) });
    // The answer an unverifiable callback gets, whatever the reason (CreativeAI retries it).
    expect(answer).toEqual({ status: 401, body: { received: false, error: "the callback could not be verified" } });
    expect(await h.t.db.heldCallback.count({ where: { generationId: "vgen_early" } })).toBe(1);
    const job = await renderingJob("vgen_early");
    const { applyHeld } = await import("~/pipeline/callback-inbox.server");
    expect(await applyHeld(h.ctx, "vgen_early")).toBe(1);
    await dispatchRound(h.ctx);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("checking");
    expect(await h.t.db.heldCallback.count({ where: { generationId: "vgen_early" } })).toBe(0);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const body = JSON.stringify({ id: "vgen_big", padding: "x".repeat(70 * 1024) });
    expect((await post(body, { "x-creativeai-signature": sign(body) })).status).toBe(413);
  });

  it("still records the callback and answers 2xx while Redis is unreachable, and the next round applies it", async () => {
    const job = await renderingJob("vgen_noredis");
    const deadRedis = producerConnection("redis://127.0.0.1:1");
    deadRedis.on("error", () => {});
    const ctx = { ...h.ctx, queues: createPipelineQueues(deadRedis, "dead") };
    await h.t.db.shopSettings.update({ where: { shop }, data: { autoPublish: true } });
    forgetShopSettings(h.t.db, shop);
    try {
      const body = payload("vgen_noredis", "completed");
      const started = Date.now();
      const answer = await receiveProviderCallback(ctx, "creativeai", {
        rawBody: body,
        headers: new Headers({ "x-creativeai-signature": sign(body) }),
      });
      expect(answer.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await h.t.db.providerCallback.count({ where: { generationId: "vgen_noredis", appliedAt: null } })).toBe(1);
      // Redis back: any worker's periodic round applies what was recorded meanwhile.
      await dispatchRound(h.ctx);
      const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
      expect(row.status).toBe("checking");
      expect(await h.t.db.providerCallback.count({ where: { generationId: "vgen_noredis", appliedAt: { not: null } } })).toBe(1);
    } finally {
      await h.t.db.shopSettings.update({ where: { shop }, data: { autoPublish: false } });
      forgetShopSettings(h.t.db, shop);
      deadRedis.disconnect();
    }
  });
});
