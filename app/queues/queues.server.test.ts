// Queue entries against a real Redis, each run under its own key prefix.
import crypto from "node:crypto";
import { afterAll, beforeAll, expect, it, inject } from "vitest";
import { workerConnection } from "./connection.server";
import { createPipelineQueues, publishEntryId, submitEntryId, type PipelineQueues } from "./queues.server";

let queues: PipelineQueues;

beforeAll(() => {
  queues = createPipelineQueues(workerConnection(inject("redisUrl")), `t${crypto.randomBytes(4).toString("hex")}`);
});

afterAll(async () => {
  await queues.close();
  queues.connection.disconnect();
});

it("gives each claimed video job one submit entry with its retries, and queues it again only once it vanished", async () => {
  await queues.requestSubmits(["job-a", "job-b"]);
  await queues.requestSubmits(["job-a"]);
  expect(await queues.submit.getWaitingCount()).toBe(2);
  const entry = await queues.submit.getJob(submitEntryId("job-a"));
  expect(entry?.data).toEqual({ videoJobId: "job-a" });
  expect(entry?.opts.attempts).toBe(6);

  expect(await queues.requeueSubmit("job-a")).toBe(false);
  await entry!.remove();
  expect(await queues.requeueSubmit("job-a")).toBe(true);
  expect((await queues.submit.getJob(submitEntryId("job-a")))?.opts.attempts).toBe(6);
});

it("queues a publish again only when its entry vanished", async () => {
  expect(await queues.requestPublish("job-c")).toBe(true);
  expect(await queues.requeuePublish("job-c")).toBe(false);
  await (await queues.publish.getJob(publishEntryId("job-c")))!.remove();
  expect(await queues.requeuePublish("job-c")).toBe(true);
  expect(await queues.publish.getJob(publishEntryId("job-c"))).toBeTruthy();
});

it("keeps one reconciler schedule however often it is put in place", async () => {
  await queues.scheduleReconcile(60_000);
  await queues.scheduleReconcile(60_000);
  expect(await queues.reconcile.getJobSchedulersCount()).toBe(1);
});
