// A burst of callbacks far beyond what the route can take at once: it keeps
// answering, sheds any excess with 503 + Retry-After (never a crash, never
// another 5xx), and once senders retry as providers do, no update is lost.
// (Whether this machine saturates the route depends on its speed; the
// shedding itself is pinned down in app/pipeline/callback-route.server.test.ts.)
// A tiny limit, so this machine saturates the route whatever its speed.
process.env.MAX_CONCURRENT_CALLBACKS = "2";

import crypto from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resetEnvForTests } from "~/config/env.server";
import { makeRenderingJobs } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { applyRecordedCallbacks } from "../support/apply-callbacks";

const shop = "load.myshopify.com";
const JOBS = 800;
const SENDERS = 96;
let h: PipelineHarness;

beforeAll(async () => {
  resetEnvForTests();
  h = await startPipelineHarness({ globalCap: 4, shops: [{ shop, concurrencyCap: 4, autoPublish: false }] });
  const batchId = crypto.randomUUID();
  await h.t.db.batch.create({ data: { id: batchId, shop, source: "picker", title: "load", jobCount: JOBS } });
  await makeRenderingJobs(h.t.db, { shop, batchId, count: JOBS, name: "load" });
});
afterAll(async () => {
  await h?.stop();
});

it("sheds load with 503 + Retry-After and loses nothing once senders retry", async () => {
  const answers = new Map<number, number>();
  let next = 0;
  const send = async (i: number) => {
    const body = JSON.stringify({
      id: `vgen_load_${i}`,
      object: "video.generation",
      status: "completed",
      model: "kling-v3",
      model_actual: "kling-v3",
      prompt: "p",
      output_url: `https://cdn.example.com/out/${i}.mp4`,
      error_message: null,
      credits: 3,
      failover_used: false,
      completed_at: new Date().toISOString(),
    });
    const signature = `sha256=${crypto.createHmac("sha256", SIMULATOR_KEY).update(body).digest("hex")}`;
    for (let attempt = 0; attempt < 1_000; attempt++) {
      const response = await fetch(`${h.callbacks.origin}/webhooks/video/creativeai`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-creativeai-signature": signature },
        body,
      });
      await response.arrayBuffer();
      answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
      if (response.status !== 503) return;
      expect(response.headers.get("retry-after")).toBe("1");
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
    }
  };
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < JOBS) await send(next++);
    }),
  );

  const statuses = [...answers.keys()];
  console.info(`answers: ${JSON.stringify(Object.fromEntries(answers))}`);
  expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  // Every delivery answered 200 was recorded: the rounds apply each one.
  expect(await applyRecordedCallbacks(h.ctx)).toBe(JOBS);
  expect(await h.t.db.videoJob.count({ where: { shop, status: "checking" } })).toBe(JOBS);
}, 240_000);
