// A flood of forged provider callbacks from a few source addresses, over real
// HTTP (each sender binds its own loopback address, so the route sees it as
// the client address): 5,000 forged 60 KB callbacks, then 2,000 small ones
// that would fit the held-callback inbox. The database grows by a few
// megabytes at most, held rows stay within the per-source and global caps, a
// genuine early callback sent during the flood is applied by the first
// reconciler round, and once the held rows expire the space goes back to the
// file system.
import crypto from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { HELD_BODY_MAX_BYTES, HELD_FOR_MS, HELD_IN_ALL, HELD_PER_SOURCE, purgeHeld } from "~/pipeline/callback-inbox.server";
import { reconcile } from "~/pipeline/reconcile.server";
import { transitionJob } from "~/jobs/state-machine.server";
import { makeBatch, makeJob } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { applyRecordedCallbacks } from "../support/apply-callbacks";

const shop = "flood.myshopify.com";
const ATTACKERS = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];
const PROVIDER = "127.0.0.9";
const LARGE = 5_000;
const SMALL = 2_000;
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 4, shops: [{ shop, concurrencyCap: 4, autoPublish: false }] });
});
afterAll(async () => {
  await h?.stop();
});

const sign = (body: string) => `sha256=${crypto.createHmac("sha256", SIMULATOR_KEY).update(body).digest("hex")}`;

function generation(id: string, padding: number): string {
  return JSON.stringify({
    id,
    object: "video.generation",
    status: "completed",
    model: "kling-v3",
    model_actual: "kling-v3",
    prompt: "x".repeat(padding),
    output_url: `https://cdn.example.com/${id}.mp4`,
    error_message: null,
    credits: 3,
    failover_used: false,
    completed_at: new Date().toISOString(),
  });
}

const agents = new Map<string, http.Agent>();
function postFrom(address: string, body: string, headers: Record<string, string>): Promise<number> {
  const agent = agents.get(address) ?? new http.Agent({ keepAlive: true, maxSockets: 4, localAddress: address });
  agents.set(address, agent);
  const url = new URL(`${h.callbacks.origin}/webhooks/video/creativeai`);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function flood(
  count: number,
  padding: number,
  tag: string,
  answers: Map<number, number>,
  onProgress?: (sent: number) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, sender) => {
      while (next < count) {
        const i = next++;
        const id = `vgen_forged_${tag}_${i}`;
        const body = generation(id, padding);
        const status = await postFrom(ATTACKERS[sender % ATTACKERS.length], body, {
          "x-creativeai-signature": `sha256=${crypto.randomBytes(32).toString("hex")}`,
          "x-creativeai-delivery-id": id,
        });
        answers.set(status, (answers.get(status) ?? 0) + 1);
        if (sender === 0 && onProgress) await onProgress(i);
      }
    }),
  );
}

async function databaseBytes(): Promise<{ used: number; file: number; free: number }> {
  if (h.t.kind === "postgres") {
    const [row] = await h.t.db.$queryRawUnsafe<{ size: bigint }[]>(`SELECT pg_database_size(current_database()) AS size`);
    return { used: Number(row.size), file: Number(row.size), free: 0 };
  }
  const pragma = async (name: string) =>
    Number(Object.values((await h.t.db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0])[0]);
  const [pages, pageSize, free] = [await pragma("page_count"), await pragma("page_size"), await pragma("freelist_count")];
  return { used: (pages - free) * pageSize, file: pages * pageSize, free };
}

it("keeps a flood of forged callbacks to a few megabytes, applies a genuine one during it, and gives the space back", async () => {
  if (h.t.kind === "sqlite") {
    const [mode] = await h.t.db.$queryRawUnsafe<{ auto_vacuum: bigint | number }[]>("PRAGMA auto_vacuum");
    expect(Number(mode.auto_vacuum)).toBe(2);
  }
  // A job whose render finished before its generation id was stored, and
  // whose callback URL names no job (so only the held copy can apply it).
  const batch = await makeBatch(h.t.db, shop);
  const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });
  const genuineId = "vgen_genuine_early";
  const genuine = generation(genuineId, 40);
  const before = await databaseBytes();
  const answers = new Map<number, number>();
  let genuineSentAt = 0;
  let genuineAnswer = 0;
  let roundDuringFlood: Promise<{ report: Awaited<ReturnType<typeof reconcile>>; appliedAfterMs: number }> | undefined;

  const started = Date.now();
  await flood(LARGE, 60 * 1024 - 400, "large", answers);
  const afterLarge = await databaseBytes();
  await flood(SMALL, HELD_BODY_MAX_BYTES - 600, "small", answers, async (sent) => {
    if (genuineSentAt !== 0 || sent < SMALL / 4) return;
    genuineSentAt = Date.now();
    genuineAnswer = await postFrom(PROVIDER, genuine, { "x-creativeai-signature": sign(genuine), "x-creativeai-delivery-id": genuineId });
    // The submission's answer is stored now; the worker died before looking at
    // the inbox. The next reconciler round runs while the flood goes on.
    await transitionJob(h.t.db, { jobId: job.id, from: ["submitting"], to: "rendering", patch: { generationId: genuineId } });
    roundDuringFlood = reconcile(h.ctx).then((report) => ({ report, appliedAfterMs: Date.now() - genuineSentAt }));
  });
  const floodSeconds = (Date.now() - started) / 1000;
  const during = await databaseBytes();
  const held = await h.t.db.heldCallback.count();
  const heldBySource = await h.t.db.heldCallback.groupBy({ by: ["sourceAddress"], _count: { _all: true } });

  // One answer for everything forged, the genuine early callback included (it cannot be verified yet).
  expect(Object.fromEntries(answers)).toEqual({ 401: LARGE + SMALL });
  expect(genuineAnswer).toBe(401);
  expect(afterLarge.used - before.used).toBeLessThan(512 * 1024);
  expect(during.file - before.file).toBeLessThanOrEqual(5 * 1024 * 1024);
  expect(held).toBeLessThanOrEqual(Math.min(HELD_IN_ALL, ATTACKERS.length * HELD_PER_SOURCE + 1));
  for (const row of heldBySource) expect(row._count._all).toBeLessThanOrEqual(HELD_PER_SOURCE);

  // Forged rows stand in nobody's way: one reconciler round applies the genuine one.
  const { report, appliedAfterMs } = await roundDuringFlood!;
  expect(report.heldApplied).toBe(1);
  await applyRecordedCallbacks(h.ctx);
  const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(row.status).toBe("checking");
  expect(await h.t.db.providerCallback.count({ where: { deliveryKey: `creativeai:${genuineId}:completed` } })).toBe(1);
  // Rows looked up once are not looked up again: the next round marks the rest and applies nothing.
  expect((await reconcile(h.ctx)).heldApplied).toBe(0);
  expect(await h.t.db.heldCallback.count({ where: { lookedUpAt: null } })).toBe(0);

  const remaining = await h.t.db.heldCallback.count();
  expect(remaining).toBeGreaterThan(0);
  const purged = await purgeHeld(h.ctx, new Date(Date.now() + HELD_FOR_MS + 1_000));
  const after = await databaseBytes();
  expect(purged).toBe(remaining);
  expect(await h.t.db.heldCallback.count()).toBe(0);
  if (h.t.kind === "sqlite") {
    expect(after.free).toBe(0);
    expect(after.file - before.file).toBeLessThan(256 * 1024);
  }
  console.info(
    `callback flood (${h.t.kind}): ${LARGE} x 60 KB + ${SMALL} x ${((HELD_BODY_MAX_BYTES - 600) / 1024).toFixed(1)} KB forged from ${ATTACKERS.length} addresses in ${floodSeconds.toFixed(1)} s; ` +
      `database ${(before.file / 1e6).toFixed(2)} MB -> ${(afterLarge.file / 1e6).toFixed(2)} MB after the 60 KB ones -> ${(during.file / 1e6).toFixed(2)} MB (${held} held rows) -> ` +
      `${(after.file / 1e6).toFixed(2)} MB after purge (${after.free} free pages); genuine callback applied ${appliedAfterMs} ms after it was sent, by a reconciler round during the flood`,
  );
}, 240_000);
