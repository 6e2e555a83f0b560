// The step that frees a render slot fills it: a submission the provider
// refuses, and a render whose failure is learnt by polling, each hand their
// slot to the next job waiting in the same transaction, with no dispatch
// round run in between (no workers run here; rounds happen only by hand).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "./batches.server";
import { dispatchRound } from "./dispatch.server";
import { applyRenderResult } from "./reconcile.server";
import { submitVideoJob } from "./submit.server";
import { demoItems } from "../../test/support/items";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";

const SHOP = "slot-refill.myshopify.com";
const options = { model: "kling-v3", duration: 5, aspectRatio: "16:9" as const, prompt: "Slow push-in, soft light" };
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 1, shops: [{ shop: SHOP, concurrencyCap: 1 }] });
});
afterAll(async () => {
  await h?.stop();
});

const statusOf = async (id: string) => (await h.t.db.videoJob.findUniqueOrThrow({ where: { id } })).status;
const submissionsQueued = async () =>
  (await h.ctx.queues.submit.getJobs(["waiting", "delayed", "prioritized"])).map((j) => j.data.videoJobId);

it("gives a refused submission's slot to the next job waiting, and queues its submission, in the same step", async () => {
  const { batchId } = await createBatch(h.t.db, null, {
    shop: SHOP,
    source: "picker",
    title: "Three",
    items: demoItems(3, "refill"),
    options,
  });
  const [first, second, third] = await h.t.db.videoJob.findMany({ where: { batchId }, orderBy: { createdAt: "asc" } });
  expect((await dispatchRound(h.ctx)).dispatched).toEqual([first.id]);
  // An image URL the provider refuses (400): the job fails for good.
  await h.t.db.videoJob.update({ where: { id: first.id }, data: { imageUrl: "ftp://example.com/photo.jpg" } });

  const outcome = await submitVideoJob(h.ctx, first.id, { isLast: true });
  expect(outcome).toMatchObject({ kind: "failed", message: expect.stringContaining("image_url") });
  expect(await statusOf(first.id)).toBe("failed");
  expect(await statusOf(second.id)).toBe("submitting");
  expect(await statusOf(third.id)).toBe("queued");
  expect(await submissionsQueued()).toContain(second.id);

  // The slot is held by one job at a time: the cap of 1 held throughout.
  expect(await h.t.db.videoJob.count({ where: { shop: SHOP, status: { in: ["submitting", "rendering"] } } })).toBe(1);
});

it("gives the slot of a render found failed by polling to the next job waiting", async () => {
  const submitting = await h.t.db.videoJob.findFirstOrThrow({ where: { shop: SHOP, status: "submitting" } });
  expect(await submitVideoJob(h.ctx, submitting.id, { isLast: true })).toMatchObject({ kind: "submitted" });
  const rendering = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: submitting.id } });
  const waiting = await h.t.db.videoJob.findFirstOrThrow({ where: { shop: SHOP, status: "queued" } });

  const moved = await applyRenderResult(h.ctx, rendering, {
    generationId: rendering.generationId!,
    status: "failed",
    outputUrl: null,
    errorMessage: "Content policy",
    credits: 0,
    failoverUsed: false,
    modelActual: null,
    completedAt: null,
  });
  expect(moved).toBe("moved");
  expect(await statusOf(rendering.id)).toBe("failed");
  expect(await statusOf(waiting.id)).toBe("submitting");
  expect(await submissionsQueued()).toContain(waiting.id);
});
