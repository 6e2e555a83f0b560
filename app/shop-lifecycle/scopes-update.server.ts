// app/scopes_update: the merchant granted or revoked optional scopes; the
// stored session keeps the scopes it really has (as Shopify's template does).
import { z } from "zod";
import type { Database } from "~/db.server";

const payloadSchema = z.object({ current: z.array(z.string()) });

export async function recordGrantedScopes(db: Database, sessionId: string | undefined, payload: unknown): Promise<boolean> {
  const parsed = payloadSchema.safeParse(payload);
  if (!sessionId || !parsed.success) return false;
  const { count } = await db.session.updateMany({ where: { id: sessionId }, data: { scope: parsed.data.current.join(",") } });
  return count > 0;
}
