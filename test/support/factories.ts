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
