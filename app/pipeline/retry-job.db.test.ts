// The merchant's Retry on a failed job: publish the clip again when the app
// still keeps it, render a new one otherwise. The provider's URL has no say:
// it expires, and the publisher only ever reads the clip store.
import crypto from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { producerConnection } from "~/queues/connection.server";
import { createPipelineQueues, publishEntryId, type PipelineQueues } from "~/queues/queues.server";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { makeBatch, makeJob } from "../../test/support/factories";
import { retryJob, undoReject } from "./merchant-actions.server";

const shop = "retry-job.myshopify.com";
let t: TestDatabase;
let connection: Redis;
let queues: PipelineQueues;

beforeAll(async () => {
  t = await createTestDatabase();
  connection = producerConnection(inject("redisUrl"));
  queues = createPipelineQueues(connection, `t${crypto.randomBytes(4).toString("hex")}`);
});
afterAll(async () => {
  await queues?.close();
  connection?.disconnect();
  await t?.drop();
});

/** A job whose render finished and whose publishing failed, with the clip as given. */
async function failedAtPublishing(
  clip: { outputUrl: string | null; clipKey: string | null; clipRemovedAt?: Date | null },
  errorCode = "shopify_refused",
) {
  const batch = await makeBatch(t.db, shop);
  const job = await makeJob(t.db, { shop, batchId: batch.id, status: "failed", generationId: `vgen_${batch.id}` });
  return t.db.videoJob.update({
    where: { id: job.id },
    data: {
      outputUrl: clip.outputUrl,
      clipKey: clip.clipKey,
      posterKey: clip.clipKey && clip.clipKey.replace(/clip\.mp4$/, "poster.jpg"),
      clipBytes: clip.clipKey ? 123_456 : null,
      clipRemovedAt: clip.clipRemovedAt ?? null,
      renderedAt: new Date(Date.now() - 3 * 24 * 3600_000),
      credits: 3,
      errorCode,
      errorMessage: "Shopify didn't accept the video.",
      finishedAt: new Date(),
    },
  });
}

describe("retrying a job that failed at publishing", () => {
  it("publishes the stored clip again, without a new render, after the provider's URL expired", async () => {
    const job = await failedAtPublishing({
      // Three days old: the provider's link answered 404 long ago.
      outputUrl: "https://cdn.creativeai.run/outputs/expired.mp4",
      clipKey: `shops/${shop}/job/0/clip.mp4`,
    });
    await queues.takeDispatchRequest();

    expect(await retryJob(t.db, queues, shop, job.id)).toBe(true);

    const after = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("publishing");
    // The same render and the same stored clip: nothing is paid for twice.
    expect(after.generationId).toBe(job.generationId);
    expect(after.clipKey).toBe(job.clipKey);
    expect(after.credits).toBe(3);
    expect(after.errorCode).toBeNull();
    expect(await queues.publish.getJob(publishEntryId(job.id))).toBeTruthy();
    expect(await queues.takeDispatchRequest(), "no render was asked for").toBe(false);
  });

  it("publishes the stored clip again when the job no longer has the provider's URL at all", async () => {
    const job = await failedAtPublishing({ outputUrl: null, clipKey: `shops/${shop}/job-no-url/0/clip.mp4` }, "media_failed");
    await queues.takeDispatchRequest();

    expect(await retryJob(t.db, queues, shop, job.id)).toBe(true);

    const after = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("publishing");
    expect(after.generationId).toBe(job.generationId);
    expect(await queues.publish.getJob(publishEntryId(job.id))).toBeTruthy();
    expect(await queues.takeDispatchRequest()).toBe(false);
  });

  it("renders again when the stored clip was removed, even though the job still names the provider's URL", async () => {
    const job = await failedAtPublishing({
      outputUrl: "https://cdn.creativeai.run/outputs/still-named.mp4",
      clipKey: `shops/${shop}/job-removed/0/clip.mp4`,
      clipRemovedAt: new Date(),
    });
    await queues.takeDispatchRequest();

    expect(await retryJob(t.db, queues, shop, job.id)).toBe(true);

    const after = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("queued");
    // A new attempt: the old render's id and link are gone, and the dispatcher is asked to send it.
    expect(after.generationId).toBeNull();
    expect(after.outputUrl).toBeNull();
    expect(await queues.publish.getJob(publishEntryId(job.id))).toBeFalsy();
    expect(await queues.takeDispatchRequest()).toBe(true);
  });

  it("renders again when the clip never reached the store", async () => {
    const job = await failedAtPublishing({ outputUrl: "https://cdn.creativeai.run/outputs/never-copied.mp4", clipKey: null });
    expect(await retryJob(t.db, queues, shop, job.id)).toBe(true);
    const after = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.status).toBe("queued");
    expect(after.generationId).toBeNull();
    expect(await queues.publish.getJob(publishEntryId(job.id))).toBeFalsy();
  });

  it("renders again after a failure that was not at publishing, even with the clip stored", async () => {
    const job = await failedAtPublishing({ outputUrl: null, clipKey: `shops/${shop}/job-other/0/clip.mp4` }, "render_failed");
    expect(await retryJob(t.db, queues, shop, job.id)).toBe(true);
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
  });
});

describe("undoing a reject", () => {
  async function rejected(clip: { outputUrl: string | null; clipKey: string | null }) {
    const batch = await makeBatch(t.db, shop);
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: "rejected", generationId: `vgen_${batch.id}` });
    return t.db.videoJob.update({ where: { id: job.id }, data: clip });
  }

  it("brings back a stored clip whose provider URL is gone", async () => {
    const job = await rejected({ outputUrl: null, clipKey: `shops/${shop}/rejected/0/clip.mp4` });
    expect(await undoReject(t.db, shop, job.id)).toBe(true);
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("awaiting_review");
  });

  it("refuses when only the provider's URL is left: review could not play it, nor approval publish it", async () => {
    const job = await rejected({ outputUrl: "https://cdn.creativeai.run/outputs/only-a-link.mp4", clipKey: null });
    expect(await undoReject(t.db, shop, job.id)).toBe(false);
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rejected");
  });
});
