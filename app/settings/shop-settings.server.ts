// A shop's settings, created with defaults on first use.
import type { ShopSettings } from "@prisma/client";
import type { Database } from "~/db.server";

export type { ShopSettings };

export async function shopSettings(db: Database, shop: string): Promise<ShopSettings> {
  const found = await db.shopSettings.findUnique({ where: { shop } });
  if (found) return found;
  return db.shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}

export const DEFAULT_PROMPT_TEMPLATES: Record<string, string> = {
  "product-page": "5-second product hero shot, slow camera push, clean white sweep, soft studio light",
  "product-page-square": "5-second product reveal, gentle rotation, soft shadow, square framing",
  social: "5-second vertical product moment, dynamic camera move, lifestyle light, room for captions",
};

export function promptTemplatesOf(settings: ShopSettings): Record<string, string> {
  try {
    return { ...DEFAULT_PROMPT_TEMPLATES, ...(JSON.parse(settings.promptTemplates) as Record<string, string>) };
  } catch {
    return { ...DEFAULT_PROMPT_TEMPLATES };
  }
}
