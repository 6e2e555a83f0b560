// A shop's settings, created with defaults on first use. The defaults live in
// the schema (prisma/schema.prisma), so every reader goes through here instead
// of repeating them: a missing row is created, never guessed at.
import type { Prisma, ShopSettings } from "@prisma/client";

export type { ShopSettings };

/** The database or a transaction on it. */
type SettingsStore = Pick<Prisma.TransactionClient, "shopSettings">;

export async function shopSettings(db: SettingsStore, shop: string): Promise<ShopSettings> {
  const found = await db.shopSettings.findUnique({ where: { shop } });
  if (found) return found;
  try {
    return await db.shopSettings.create({ data: { shop } });
  } catch (error) {
    // Two first reads of a new shop at once (a page's loaders run in parallel):
    // the other one wrote the row; Prisma's upsert is not atomic on Postgres.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return db.shopSettings.findUniqueOrThrow({ where: { shop } });
  }
}

/** Several shops' settings in one read; the few shops without a row get one with the defaults. */
export async function settingsOfShops(db: SettingsStore, shops: string[]): Promise<Map<string, ShopSettings>> {
  const found = await db.shopSettings.findMany({ where: { shop: { in: shops } } });
  const byShop = new Map(found.map((s) => [s.shop, s]));
  for (const shop of shops) if (!byShop.has(shop)) byShop.set(shop, await shopSettings(db, shop));
  return byShop;
}

export const DEFAULT_PROMPT_TEMPLATES: Record<string, string> = {
  "product-page": "Product hero shot, slow camera push, clean white sweep, soft studio light",
  "product-page-square": "Product reveal, gentle rotation, soft shadow, square framing",
  social: "Vertical product moment, dynamic camera move, lifestyle light, room for captions",
};

export function promptTemplatesOf(settings: ShopSettings): Record<string, string> {
  try {
    return { ...DEFAULT_PROMPT_TEMPLATES, ...(JSON.parse(settings.promptTemplates) as Record<string, string>) };
  } catch {
    return { ...DEFAULT_PROMPT_TEMPLATES };
  }
}
