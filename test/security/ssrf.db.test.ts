// The probe from the security review, end to end on real components: a
// signed callback (any shop that brings its own provider key knows the HMAC
// key) names a loopback address as the finished clip. The worker used to HEAD
// and GET it and upload the answer to Shopify as the shop's video (now it
// would copy it into the clip store), and
// different ports gave different outcomes (a port scan). Now the clip is
// refused before any request, the job fails with a reason, Shopify sees
// nothing, and every port looks the same.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineContext } from "~/pipeline/context.server";
import { takeClip } from "~/clips/take-clip.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { makeBatch, makeJob } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { applyRecordedCallbacks } from "../support/apply-callbacks";

const shop = "ssrf-probe.myshopify.com";
const token = "shpat_ssrf_probe_token";
let h: PipelineHarness;
let emulator: AdminEmulator;
let ctx: PipelineContext;
let productIds: string[];
let metadata: http.Server;
let metadataRequests: string[];
let metadataPort: number;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 4, shops: [{ shop, concurrencyCap: 4, autoPublish: true }] });
  const catalog = new Catalog();
  catalog.addShop({ domain: shop, accessToken: token });
  productIds = addDemoCollection(catalog, shop, { title: "All", size: 4 }).productIds.map((id) => `gid://shopify/Product/${id}`);
  emulator = await startAdminEmulator({ catalog, seed: 3 });
  ctx = { ...h.ctx, adminFor: async () => createAdminGateway({ shop, accessToken: token, apiOrigin: emulator.url }) };

  // Stands in for the cloud metadata service on the worker's host.
  metadataRequests = [];
  metadata = http.createServer((req, res) => {
    metadataRequests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "video/mp4", "content-length": 18 }).end(req.method === "HEAD" ? undefined : "secret-credentials");
  });
  await new Promise<void>((resolve) => metadata.listen(0, "127.0.0.1", resolve));
  metadataPort = (metadata.address() as AddressInfo).port;
});
afterAll(async () => {
  metadata?.closeAllConnections();
  await new Promise((resolve) => metadata?.close(resolve));
  await emulator?.stop();
  await h?.stop();
});

const sign = (body: string) => `sha256=${crypto.createHmac("sha256", SIMULATOR_KEY).update(body).digest("hex")}`;

/** A signed completed callback naming outputUrl, through the app's callback route; then the publish step. */
async function finishWith(outputUrl: string, productId: string) {
  const generationId = `vgen_${crypto.randomUUID()}`;
  const batch = await makeBatch(h.t.db, shop);
  const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "rendering", generationId, productId });
  const body = JSON.stringify({
    id: generationId,
    object: "video.generation",
    status: "completed",
    output_url: outputUrl,
    credits: 3,
    failover_used: false,
    completed_at: new Date().toISOString(),
  });
  const answer = await fetch(`${h.callbacks.origin}/webhooks/video/creativeai?job=${encodeURIComponent(job.id)}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-creativeai-signature": sign(body), "x-creativeai-delivery-id": generationId },
    body,
  });
  expect(answer.status).toBe(200);
  await applyRecordedCallbacks(h.ctx);
  expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("checking");
  // The clip's copy into the app's store is the first and only fetch of its URL.
  await takeClip(ctx, job.id);
  return h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
}

describe("a signed callback whose clip is on the worker's loopback", () => {
  it("fails the job with a reason, without one request to the address or one upload to Shopify", async () => {
    const row = await finishWith(`http://127.0.0.1:${metadataPort}/latest/meta-data/iam/security-credentials/worker`, productIds[0]);
    expect(row.status).toBe("failed");
    expect(row.errorCode).toBe("clip_refused");
    expect(row.errorMessage).toBe(
      "The finished clip was not downloaded (http addresses are not fetched, only https). Retry to render it again.",
    );
    expect(metadataRequests).toEqual([]);
    expect(emulator.stats.stagedUploadsCreated).toBe(0);
    expect(emulator.stats.uploadsStored).toBe(0);
    expect(emulator.stats.mediaCreated[productIds[0]]).toBeUndefined();
  });

  it("answers an open and a closed port alike, so ports cannot be scanned", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const open = await finishWith(`https://127.0.0.1:${metadataPort}/`, productIds[1]);
    const shut = await finishWith(`https://127.0.0.1:${closedPort}/`, productIds[2]);
    expect([open.status, open.errorCode, open.errorMessage]).toEqual([shut.status, shut.errorCode, shut.errorMessage]);
    expect(open.errorCode).toBe("clip_refused");
    expect(metadataRequests).toEqual([]);
  });
});
