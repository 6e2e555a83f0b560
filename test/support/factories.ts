// Rows for tests, written straight to the database (not through the pipeline),
// so a test can start from any situation.
import crypto from "node:crypto";
import type { Database } from "~/db.server";
import type { JobStatus } from "~/jobs/status";

let counter = 0;
const nextId = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}${crypto.randomBytes(3).toString("hex")}`;

export async function makeBatch(db: Database, shop: string, overrides: { id?: string; title?: string } = {}) {
  return db.batch.create({
    data: { id: overrides.id ?? nextId("batch"), shop, source: "picker", title: overrides.title ?? "Test batch" },
  });
}

export async function makeJob(
  db: Database,
  input: { shop: string; batchId: string; status?: JobStatus; productId?: string; generationId?: string | null; provider?: string },
) {
  const productId = input.productId ?? `gid://shopify/Product/${1000 + counter}`;
  return db.videoJob.create({
    data: {
      id: nextId("job"),
      shop: input.shop,
      batchId: input.batchId,
      productId,
      productTitle: "Ceramic mug",
      sku: `SKU-${counter}`,
      imageUrl: "https://cdn.example.com/mug.jpg",
      prompt: "Slow camera push on a white sweep",
      model: "kling-v3",
      duration: 5,
      aspectRatio: "16:9",
      requestKey: nextId("key"),
      provider: input.provider ?? "creativeai",
      status: input.status ?? "queued",
      generationId: input.generationId ?? null,
      estimatedCredits: 3,
    },
  });
}

/**
 * `count` jobs of one batch rendering at CreativeAI, in one statement: job
 * `<name>-<i>` waits for render `vgen_<name>_<i>`, for tests that send many
 * callbacks.
 */
export async function makeRenderingJobs(db: Database, input: { shop: string; batchId: string; count: number; name: string }) {
  await db.videoJob.createMany({
    data: Array.from({ length: input.count }, (_, i) => ({
      id: `${input.name}-${i}`,
      shop: input.shop,
      batchId: input.batchId,
      productId: `gid://shopify/Product/${i + 1}`,
      productTitle: `P${i}`,
      imageUrl: `https://cdn.example.com/${i}.jpg`,
      prompt: "p",
      model: "kling-v3",
      duration: 5,
      aspectRatio: "16:9",
      requestKey: `k${i}`,
      provider: "creativeai",
      status: "rendering" as const,
      generationId: `vgen_${input.name}_${i}`,
    })),
  });
}

/**
 * A video job whose clip is rendered, in the app's clip store (`clipKey`) and
 * checked: what the publisher picks up next. One product each; the batch is
 * made unless given.
 */
export async function makeJobReadyToPublish(
  db: Database,
  input: { shop: string; productId: string; batchId?: string; clipKey?: string; outputUrl?: string },
) {
  const batchId = input.batchId ?? (await makeBatch(db, input.shop)).id;
  return db.videoJob.create({
    data: {
      id: crypto.randomUUID(),
      shop: input.shop,
      batchId,
      productId: input.productId,
      productTitle: "Demo product",
      imageUrl: "https://cdn.example.com/p.jpg",
      prompt: "p",
      model: "kling-v3",
      duration: 5,
      aspectRatio: "16:9",
      requestKey: crypto.randomUUID(),
      provider: "creativeai",
      status: "publishing",
      generationId: `vgen_${crypto.randomUUID()}`,
      outputUrl: input.outputUrl ?? "https://cdn.creativeai.run/expired-long-ago.mp4",
      clipKey: input.clipKey ?? null,
    },
  });
}
