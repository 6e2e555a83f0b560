// app/scopes_update: the merchant granted or revoked optional scopes; the
// stored session keeps the scopes it really has (as Shopify's template does).
import type { Prisma } from "@prisma/client";
import { z } from "zod";

const payloadSchema = z.object({ current: z.array(z.string()) });

export async function recordGrantedScopes(tx: Prisma.TransactionClient, sessionId: string | undefined, payload: unknown): Promise<boolean> {
  const parsed = payloadSchema.safeParse(payload);
  if (!sessionId || !parsed.success) return false;
  const { count } = await tx.session.updateMany({ where: { id: sessionId }, data: { scope: parsed.data.current.join(",") } });
  return count > 0;
}
