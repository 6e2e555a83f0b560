// The callback routes do not tell an unauthenticated caller which renders or
// video jobs exist: a callback for a real job with a bad signature or token
// and one for an id nobody has get the same status, headers and body.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBatch, makeJob } from "../support/factories";
import { startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";

const shop = "existence.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 2, shops: [{ shop, concurrencyCap: 2, autoPublish: false }] });
});
afterAll(async () => {
  await h?.stop();
});

interface Answer {
  status: number;
  contentType: string | null;
  body: string;
}

async function post(path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${h.callbacks.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

const generation = (id: string) =>
  JSON.stringify({
    id,
    object: "video.generation",
    status: "completed",
    output_url: `https://cdn.example.com/${id}.mp4`,
    credits: 3,
    failover_used: false,
  });
const forgedSignature = () => `sha256=${crypto.randomBytes(32).toString("hex")}`;

describe("CreativeAI callbacks", () => {
  it("answer a real render's id and an unknown one alike, signed wrongly or not at all", async () => {
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "rendering", generationId: "vgen_exists" });
    const path = "/webhooks/video/creativeai";
    const real = await post(path, generation("vgen_exists"), { "x-creativeai-delivery-id": "vgen_exists" });
    const unknown = await post(path, generation("vgen_nobody"), { "x-creativeai-delivery-id": "vgen_nobody" });
    expect(real).toEqual(unknown);
    expect(real.status).toBe(401);
    expect(await post(path, generation("vgen_exists"), { "x-creativeai-signature": forgedSignature() })).toEqual(
      await post(path, generation("vgen_nobody_2"), { "x-creativeai-signature": forgedSignature() }),
    );
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rendering");
  });

  it("answer a URL naming a real job and one naming no job alike", async () => {
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });
    await h.t.db.videoJob.update({ where: { id: job.id }, data: { submitUnansweredSince: new Date() } });
    const real = await post(`/webhooks/video/creativeai?job=${job.id}`, generation("vgen_guess_1"), {
      "x-creativeai-signature": forgedSignature(),
    });
    const unknown = await post(`/webhooks/video/creativeai?job=job_nobody`, generation("vgen_guess_2"), {
      "x-creativeai-signature": forgedSignature(),
    });
    expect(real).toEqual(unknown);
    const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.status, row.generationId]).toEqual(["submitting", null]);
  });
});

describe("JSON2Video callbacks", () => {
  it("answer a real movie with a wrong token and an unknown movie alike", async () => {
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, {
      shop,
      batchId: batch.id,
      status: "rendering",
      generationId: "movie_exists",
      provider: "json2video",
    });
    await h.t.db.videoJob.update({ where: { id: job.id }, data: { callbackToken: crypto.randomBytes(32).toString("base64url") } });
    const token = crypto.randomBytes(32).toString("base64url");
    const movie = (project: string, reference: string) =>
      JSON.stringify({ project, status: "done", url: "https://cdn.example.com/m.mp4", "client-data": { job_reference: reference } });
    const real = await post(`/webhooks/video/json2video/${token}`, movie("movie_exists", job.id));
    const unknown = await post(`/webhooks/video/json2video/${token}`, movie("movie_nobody", "job_nobody"));
    expect(real).toEqual(unknown);
    expect(real.status).toBe(401);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rendering");
  });
});
