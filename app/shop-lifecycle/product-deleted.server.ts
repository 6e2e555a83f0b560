// products/delete: a deleted product gets no video. Its jobs that have not
// finished are called off, renders in flight included (their callbacks then
// find a cancelled job and change nothing), and nothing is published to it.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { UNFINISHED_STATUSES } from "~/jobs/status";
import { transitionManyInTx } from "~/jobs/state-machine.server";

export const PRODUCT_DELETED_DETAIL = "The product was deleted in Shopify";

/** Shopify sends the product's numeric id; large ids may arrive as strings. */
export const productDeletePayloadSchema = z.object({
  id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]),
});

export async function cancelJobsOfDeletedProduct(tx: Prisma.TransactionClient, shop: string, payload: unknown): Promise<number> {
  const parsed = productDeletePayloadSchema.safeParse(payload);
  if (!parsed.success) return 0;
  const productId = `gid://shopify/Product/${parsed.data.id}`;
  const cancelled = await transitionManyInTx(tx, {
    shop,
    where: { productId },
    from: UNFINISHED_STATUSES,
    to: "cancelled",
    detail: PRODUCT_DELETED_DETAIL,
  });
  return cancelled.length;
}
