// Clips are removed from the store a while after their video is live, or
// after their job ended without going live (failed, rejected, cancelled);
// a clip in review stays however old it is.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { makeBatch, makeJob } from "../../test/support/factories";
import { removeExpiredClips } from "./clip-retention.server";
import { clipKeysFor } from "./clip-store.server";
import { localClipStore } from "./local-clip-store.server";

const shop = "retention.myshopify.com";
const DAY = 86_400_000;
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "clip-retention-"));
});
afterAll(async () => {
  await t?.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

it("removes the clips live longer than the retention period, keeps the rest, and marks what it removed", async () => {
  const store = localClipStore(path.join(dir, "store"));
  const source = path.join(dir, "clip.mp4");
  await fs.writeFile(source, "clip");
  const batch = await makeBatch(t.db, shop);
  const now = new Date("2026-12-02T12:00:00Z");
  const jobWith = async (status: "published" | "awaiting_review" | "failed" | "rejected" | "cancelled", endedDaysAgo: number | null) => {
    const job = await makeJob(t.db, { shop, batchId: batch.id, status });
    const keys = clipKeysFor(job);
    await store.putFile(keys.clipKey, source, "video/mp4");
    await store.putFile(keys.posterKey, source, "image/jpeg");
    const endedAt = endedDaysAgo === null ? null : new Date(now.getTime() - endedDaysAgo * DAY);
    const stamps = status === "published" ? { publishedAt: endedAt, finishedAt: endedAt } : { finishedAt: endedAt };
    await t.db.videoJob.update({ where: { id: job.id }, data: { ...keys, ...stamps } });
    return { id: job.id, status, ...keys };
  };
  const old = await jobWith("published", 31);
  const oldEnded = [await jobWith("failed", 31), await jobWith("rejected", 40), await jobWith("cancelled", 31)];
  const kept = [
    await jobWith("published", 29),
    await jobWith("failed", 29),
    await jobWith("rejected", 1),
    await jobWith("awaiting_review", null),
  ];

  expect(await removeExpiredClips(t.db, store, 30 * DAY, now)).toBe(4);
  for (const removed of [old, ...oldEnded]) {
    expect(await store.size(removed.clipKey)).toBeNull();
    expect(await store.size(removed.posterKey)).toBeNull();
  }
  for (const job of kept) expect(await store.size(job.clipKey)).toBe(4);
  const rows = await t.db.videoJob.findMany({ where: { shop }, select: { id: true, status: true, clipRemovedAt: true } });
  // Each job keeps its status; only the stored copy is marked gone.
  for (const removed of [old, ...oldEnded]) {
    expect(rows.find((r) => r.id === removed.id)).toMatchObject({ status: removed.status, clipRemovedAt: now });
  }
  expect(rows.filter((r) => r.clipRemovedAt !== null)).toHaveLength(4);

  // A second round finds nothing more to do.
  expect(await removeExpiredClips(t.db, store, 30 * DAY, now)).toBe(0);
});
