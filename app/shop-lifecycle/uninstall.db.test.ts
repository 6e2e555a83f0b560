// Uninstalling mid-batch stops the shop's work for good: once app/uninstalled
// has answered, the dispatcher gives it nothing and the submit step refuses it
// (even for a job a dispatcher moved just before), before the worker's task
// has cancelled anything; the task then cancels every unfinished job, the
// provider receives nothing more for the shop, another shop carries on, and a
// repeated delivery changes nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createBatch } from "~/pipeline/batches.server";
import { dispatchRound } from "~/pipeline/dispatch.server";
import { submitVideoJob } from "~/pipeline/submit.server";
import { demoItems } from "../../test/support/items";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";
import { responseOf, seedOfflineSession, useShopifyTestApp, webhookRequest } from "../../test/support/shopify-requests";
import { runShopTask } from "./shop-task-worker.server";
import { markInstalled, UNINSTALLED_DETAIL } from "./uninstall.server";

const LEAVING = "leaving-shop.myshopify.com";
const STAYING = "staying-shop.myshopify.com";
const options = { model: "kling-v3", duration: 5, aspectRatio: "16:9" as const, prompt: "Slow push-in, soft light" };

let h: PipelineHarness;
let uninstalled: (args: ActionFunctionArgs) => Promise<Response>;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 6,
    shops: [
      { shop: LEAVING, concurrencyCap: 3 },
      { shop: STAYING, concurrencyCap: 10 },
    ],
  });
  useShopifyTestApp(h.t.db, h.ctx);
  await seedOfflineSession(h.t.db, LEAVING);
  await seedOfflineSession(h.t.db, STAYING);
  ({ action: uninstalled } = await import("~/routes/webhooks.app.uninstalled"));
});
afterAll(async () => {
  await h?.stop();
});

/** What the provider simulator received for a shop (its demo image URLs carry the shop's tag). */
const submissionsFor = (tag: string) => h.simulator.state.submissions.filter((s) => JSON.stringify(s.body).includes(`/${tag}/`)).length;

const deliverUninstall = (webhookId?: string) =>
  responseOf(() =>
    uninstalled({
      request: webhookRequest("app/uninstalled", LEAVING, { id: 1, domain: LEAVING }, { webhookId }),
      params: {},
      context: {},
    }),
  );

it("stops every further provider submission for the shop, and is idempotent", async () => {
  await createBatch(h.t.db, h.ctx.queues, {
    shop: LEAVING,
    source: "collection",
    title: "Spring catalog",
    items: demoItems(6, "leaving"),
    options,
  });
  await createBatch(h.t.db, h.ctx.queues, { shop: STAYING, source: "picker", title: "A few", items: demoItems(8, "staying"), options });

  // Mid-batch: three of the leaving shop's jobs (its cap) are dispatched, one of them already rendering at the provider.
  const first = await dispatchRound(h.ctx);
  const leavingDispatched = await h.t.db.videoJob.findMany({
    where: { id: { in: first.dispatched }, shop: LEAVING },
    select: { id: true },
  });
  expect(leavingDispatched).toHaveLength(3);
  const [rendering, waitingForWorker] = leavingDispatched;
  expect(await submitVideoJob(h.ctx, rendering.id, { isLast: false })).toMatchObject({ kind: "submitted" });
  const submittedBefore = submissionsFor("leaving");
  expect(submittedBefore).toBe(1);

  expect((await deliverUninstall("uninstall-delivery-1")).status).toBe(200);

  const settings = await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: LEAVING } });
  expect(settings.uninstalledAt).toBeInstanceOf(Date);
  expect(await h.t.db.session.count({ where: { shop: LEAVING } })).toBe(0);
  expect(await h.t.db.session.count({ where: { shop: STAYING } })).toBe(1);
  const task = await h.t.db.shopTask.findFirstOrThrow({ where: { shop: LEAVING, kind: "cancel-work" } });
  expect(task.finishedAt).toBeNull();

  // Before the worker's task runs: the worker picks up the queue entry of a
  // job dispatched before the webhook, and the mark alone refuses it.
  expect(await submitVideoJob(h.ctx, waitingForWorker.id, { isLast: false })).toEqual({ kind: "skipped", reason: "shop uninstalled" });
  const beforeTask = await dispatchRound(h.ctx);
  expect(await h.t.db.videoJob.count({ where: { id: { in: beforeTask.dispatched }, shop: LEAVING } })).toBe(0);

  expect(await runShopTask(h.t.db, task.id)).toBe("finished");
  const leavingStatuses = await h.t.db.videoJob.groupBy({ by: ["status"], where: { shop: LEAVING }, _count: { _all: true } });
  expect(leavingStatuses).toEqual([{ status: "cancelled", _count: { _all: 6 } }]);
  expect(await h.t.db.jobEvent.count({ where: { shop: LEAVING, toStatus: "cancelled", detail: UNINSTALLED_DETAIL } })).toBe(6);

  // A dispatcher that read the queue just before the webhook moved another one.
  const raced = await h.t.db.videoJob.findFirstOrThrow({ where: { shop: LEAVING, submittedAt: null } });
  await h.t.db.videoJob.update({ where: { id: raced.id }, data: { status: "submitting" } });
  expect(await submitVideoJob(h.ctx, raced.id, { isLast: true })).toEqual({ kind: "skipped", reason: "shop uninstalled" });
  expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: raced.id } })).status).toBe("cancelled");

  // The next rounds serve only the shop that stayed.
  const next = await dispatchRound(h.ctx);
  expect(next.dispatched.length).toBeGreaterThan(0);
  const nextShops = await h.t.db.videoJob.findMany({ where: { id: { in: next.dispatched } }, select: { shop: true }, distinct: ["shop"] });
  expect(nextShops).toEqual([{ shop: STAYING }]);
  expect(submissionsFor("leaving")).toBe(submittedBefore);

  // Shopify delivers at least once: a repeat changes nothing, nor does another delivery of the event.
  const eventsBefore = await h.t.db.jobEvent.count({ where: { shop: LEAVING } });
  expect((await deliverUninstall("uninstall-delivery-1")).status).toBe(200);
  expect(await h.t.db.shopTask.count({ where: { shop: LEAVING } })).toBe(1);
  expect((await deliverUninstall("uninstall-delivery-2")).status).toBe(200);
  for (const again of await h.t.db.shopTask.findMany({ where: { shop: LEAVING, finishedAt: null } })) await runShopTask(h.t.db, again.id);
  expect(await h.t.db.jobEvent.count({ where: { shop: LEAVING } })).toBe(eventsBefore);
  expect((await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: LEAVING } })).uninstalledAt).toEqual(settings.uninstalledAt);
  expect((await dispatchRound(h.ctx)).dispatched.every((id) => !leavingDispatched.some((j) => j.id === id))).toBe(true);
  expect(submissionsFor("leaving")).toBe(submittedBefore);
});

it("gives a shop that installs again its work back", async () => {
  await markInstalled(h.t.db, LEAVING);
  expect((await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: LEAVING } })).uninstalledAt).toBeNull();
  const again = await createBatch(h.t.db, h.ctx.queues, {
    shop: LEAVING,
    source: "picker",
    title: "Back again",
    items: demoItems(1, "back"),
    options,
  });
  expect(again.created).toBe(1);

  // A cancellation still owed from the uninstall (its worker was slow) leaves the new work alone.
  const owed = await h.t.db.shopTask.create({
    data: { id: "task-owed-from-before", shop: LEAVING, kind: "cancel-work", requestedAt: new Date(Date.now() - 60_000) },
  });
  expect(await runShopTask(h.t.db, owed.id)).toBe("finished");
  expect((await h.t.db.videoJob.findMany({ where: { batchId: again.batchId } })).map((j) => j.status)).toEqual(["queued"]);
});
