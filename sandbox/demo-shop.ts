// The sandbox's demo shop: a catalog in the Admin API emulator, and the
// offline session and settings the app would have after a real install.
import crypto from "node:crypto";
import { SANDBOX_SHOP } from "~/auth/sandbox-shop";
import type { Database } from "~/db.server";
import { Catalog } from "../emulator/catalog";
import { addDemoCollection } from "../emulator/demo-catalog";
import { createRandom } from "../simulator/random";

export interface DemoShop {
  catalog: Catalog;
  accessToken: string;
  everythingId: string;
}

/** Products for the demo: a few browsable collections and one holding everything. */
export function demoCatalog(size: number): DemoShop {
  const catalog = new Catalog();
  const accessToken = `shpat_sandbox_${crypto.randomBytes(12).toString("hex")}`;
  catalog.addShop({ domain: SANDBOX_SHOP, accessToken, name: "Catalog Motion Demo", currencyCode: "USD" });
  const random = createRandom(2026);
  const spring = addDemoCollection(catalog, SANDBOX_SHOP, { title: "Spring Catalog", size: Math.max(12, Math.ceil(size * 0.6)), random });
  const bestsellers = addDemoCollection(catalog, SANDBOX_SHOP, { title: "Bestsellers", size: Math.max(8, size - Math.ceil(size * 0.6)), random });
  const everything = catalog.addCollection(SANDBOX_SHOP, { title: "Everything", productIds: [...spring.productIds, ...bestsellers.productIds] });
  return { catalog, accessToken, everythingId: `gid://shopify/Collection/${everything.id}` };
}

/** What a real install leaves behind: an offline session and the shop's settings. */
export async function installDemoShop(db: Database, accessToken: string): Promise<void> {
  const session = {
    shop: SANDBOX_SHOP, state: "sandbox", isOnline: false, scope: "read_products,write_products", accessToken,
  };
  await db.session.upsert({ where: { id: `offline_${SANDBOX_SHOP}` }, create: { id: `offline_${SANDBOX_SHOP}`, ...session }, update: session });
  await db.shopSettings.upsert({ where: { shop: SANDBOX_SHOP }, create: { shop: SANDBOX_SHOP, monthlyCreditBudget: 5_000, concurrencyCap: 6 }, update: { uninstalledAt: null } });
}
