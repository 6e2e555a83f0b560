// Property-based: whatever arrives at the callback route, the answer is a
// clear 4xx or a 2xx, never a 5xx, and no job changes unless the callback is
// genuinely signed for it.
import crypto from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeBatch, makeJob } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";

const shop = "fuzz.myshopify.com";
let h: PipelineHarness;
let jobId: string;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 2, shops: [{ shop, concurrencyCap: 2 }] });
  const batch = await makeBatch(h.t.db, shop);
  jobId = (await makeJob(h.t.db, { shop, batchId: batch.id, status: "rendering", generationId: "vgen_fuzz" })).id;
});
afterAll(async () => {
  await h?.stop();
});

const sign = (body: string) => `sha256=${crypto.createHmac("sha256", SIMULATOR_KEY).update(body).digest("hex")}`;

async function post(body: string, headers: Record<string, string>) {
  const response = await fetch(`${h.callbacks.origin}/webhooks/video/creativeai`, { method: "POST", headers, body });
  await response.arrayBuffer();
  return response.status;
}

const jsonish = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc
    .record({
      id: fc.oneof(fc.constant("vgen_fuzz"), fc.string()),
      status: fc.oneof(fc.constantFrom("completed", "failed", "processing", "pending"), fc.string()),
      output_url: fc.oneof(fc.webUrl(), fc.string(), fc.constant(null)),
      credits: fc.oneof(fc.integer(), fc.string()),
    })
    .map((o) => JSON.stringify(o)),
);

it("never answers 5xx to unsigned or wrongly signed input, and changes nothing", async () => {
  await fc.assert(
    fc.asyncProperty(
      jsonish,
      fc.option(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 64, maxLength: 64 }).map((hex) => `sha256=${hex}`),
        ),
        { nil: undefined },
      ),
      fc.option(fc.oneof(fc.constant("vgen_fuzz"), fc.string({ maxLength: 40 })), { nil: undefined }),
      async (body, signature, deliveryId) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (signature !== undefined) headers["x-creativeai-signature"] = signature.replace(/[\r\n\0]/g, "");
        if (deliveryId !== undefined) headers["x-creativeai-delivery-id"] = deliveryId.replace(/[\r\n\0]/g, "");
        let status: number;
        try {
          status = await post(body, headers);
        } catch (error) {
          // fetch itself refuses header values no server could receive.
          if (error instanceof TypeError) return;
          throw error;
        }
        expect(status).toBeLessThan(500);
        expect([200, 202, 400, 401, 413]).toContain(status);
      },
    ),
    { numRuns: 150, seed: 20261122 },
  );
  const job = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId } });
  expect(job.status).toBe("rendering");
  expect(await h.t.db.providerCallback.count({ where: { appliedAt: { not: null } } })).toBe(0);
}, 120_000);

it("answers 400 to signed bodies that are not callbacks, never 5xx", async () => {
  await fc.assert(
    fc.asyncProperty(fc.json({ maxDepth: 3 }), async (body) => {
      const parsed = JSON.parse(body) as unknown;
      const named =
        parsed && typeof parsed === "object" && !Array.isArray(parsed)
          ? JSON.stringify({ ...(parsed as object), id: "vgen_fuzz", status: "exploded" })
          : body;
      const status = await post(named, { "x-creativeai-signature": sign(named), "x-creativeai-delivery-id": "vgen_fuzz" });
      expect([400, 401]).toContain(status);
    }),
    { numRuns: 100, seed: 7 },
  );
  expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("rendering");
}, 120_000);

it("sheds or refuses bodies beyond the size limit without a 5xx", async () => {
  for (const size of [64 * 1024 - 10, 64 * 1024 + 1, 1024 * 1024]) {
    const body = JSON.stringify({ id: "vgen_fuzz", pad: "x".repeat(size) });
    const status = await post(body, { "x-creativeai-signature": sign(body) });
    expect(status).toBeLessThan(500);
    if (size > 64 * 1024) expect(status).toBe(413);
  }
});
