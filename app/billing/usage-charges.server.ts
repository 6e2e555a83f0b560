// One charge per published clip. The charge row is written in the same
// transaction that marks the job published, so a crash can never leave a live
// clip without its charge or a charge without its live clip; sending it to
// Shopify comes after, as a queue entry, with the job id as idempotency key,
// so sending twice (a retry, a worker killed after Shopify answered) is still
// one usage record. One row per job also means a re-render the app asked for
// itself (a failed check, low fidelity) is never charged twice.
import type { Prisma } from "@prisma/client";
import type { Database } from "~/db.server";
import { transitionJobInTx, type TransitionOutcome, type TransitionRequest } from "~/jobs/state-machine.server";
import { logger } from "~/logging/logger.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { requestUsageCharge } from "./charge-queue.server";
import { clipPriceCents, USAGE_PLAN_CONFIG } from "./plans";

type Tx = Prisma.TransactionClient;

/** Shopify shows this on the merchant's bill; 255 characters at most. */
function chargeDescription(job: { productTitle: string | null; duration: number }): string {
  const title = (job.productTitle ?? "Product").slice(0, 180);
  return `${job.duration}-second product video: ${title}`;
}

/**
 * Marks a job published and writes its charge in one transaction; the charge
 * goes to Shopify right after. For a publishing step: where it would call
 * transitionJob(db, { to: "published", … }), it calls this.
 */
export async function publishWithCharge(ctx: PipelineContext, request: TransitionRequest): Promise<TransitionOutcome> {
  const { db } = ctx;
  const { outcome, charge } = await db.$transaction(async (tx) => {
    const moved = await transitionJobInTx(db, tx, request);
    return { outcome: moved, charge: moved.moved && moved.to === "published" ? await writeCharge(tx, request.jobId) : null };
  });
  if (charge === "pending") await requestUsageCharge(ctx.queues, request.jobId);
  return outcome;
}

/**
 * The job's charge, if it has none yet: nothing for a shop with its own key,
 * free for the shop's first published clips (the plan's free clips, whether
 * the plan is approved yet or not, and whether the clip went live by itself
 * or was approved in review: the clip counts when it is published), pending
 * otherwise. Returns the charge's status, or null when none is owed.
 */
export async function writeCharge(tx: Tx, jobId: string): Promise<"free" | "pending" | "exists" | null> {
  const existing = await tx.usageCharge.findUnique({ where: { jobId }, select: { status: true } });
  if (existing) return "exists";
  const job = await tx.videoJob.findUnique({
    where: { id: jobId },
    select: { shop: true, model: true, duration: true, productTitle: true, status: true },
  });
  if (job?.status !== "published") return null;
  const settings = await tx.shopSettings.findUnique({ where: { shop: job.shop }, select: { providerApiKey: true } });
  if (settings?.providerApiKey) return null;
  const billing = await tx.shopBilling.findUnique({ where: { shop: job.shop }, select: { currency: true } });
  const free = (await tx.usageCharge.count({ where: { shop: job.shop, status: "free" } })) < USAGE_PLAN_CONFIG.freeClips;
  const status = free ? "free" : "pending";
  await tx.usageCharge.create({
    data: {
      jobId,
      shop: job.shop,
      amountCents: clipPriceCents(job),
      currency: billing?.currency ?? USAGE_PLAN_CONFIG.currencyCode,
      description: chargeDescription(job),
      status,
    },
  });
  return status;
}

/** Writes the charge of a job that went live without one (a publishing path that did not use publishWithCharge). */
export async function writeMissingCharge(db: Database, jobId: string): Promise<"free" | "pending" | "exists" | null> {
  const status = await db.$transaction((tx) => writeCharge(tx, jobId));
  if (status === "free" || status === "pending") logger.warn({ jobId }, "a live clip had no charge; written now");
  return status;
}
