// The sandbox's demo shop: a catalog in the Admin API emulator, the app
// installed on it, and the demo's settings.
import crypto from "node:crypto";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Database } from "~/db.server";
import { appUrlAsAdminOpensIt } from "../shopify-admin-emulator/admin-frame/routes";
import { Catalog } from "../shopify-admin-emulator/catalog";
import { addDemoCollection } from "../shopify-admin-emulator/demo-catalog";
import type { AdminEmulator } from "../shopify-admin-emulator/server";
import { createRandom } from "../shared/random";

/** The demo shop the sandbox, the browser tests and the page benchmark run as. */
export const SANDBOX_SHOP = "catalog-motion-demo.myshopify.com";

/** The sandbox's own app credentials: the emulator signs session tokens with them, the app verifies them. */
export const SANDBOX_APP = { apiKey: "sandbox-api-key", apiSecret: "sandbox-api-secret" } as const;

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
  const bestsellers = addDemoCollection(catalog, SANDBOX_SHOP, {
    title: "Bestsellers",
    size: Math.max(8, size - Math.ceil(size * 0.6)),
    random,
  });
  const everything = catalog.addCollection(SANDBOX_SHOP, {
    title: "Everything",
    productIds: [...spring.productIds, ...bestsellers.productIds],
  });
  return { catalog, accessToken, everythingId: `gid://shopify/Collection/${everything.id}` };
}

/** The demo's settings, as the merchant would have set them after installing. */
export async function configureDemoShop(db: Database): Promise<void> {
  await db.shopSettings.upsert({
    where: { shop: SANDBOX_SHOP },
    create: { shop: SANDBOX_SHOP, monthlyCreditBudget: 5_000, concurrencyCap: 6 },
    update: { uninstalledAt: null },
  });
}

/** Shopify's library refuses bots (410), so the first open asks as a merchant's browser does. */
const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

/**
 * Installs the app on the demo shop the way a merchant's first open in admin
 * does: the app's page requested with admin's query and a fresh session token,
 * so that authenticate.admin exchanges the token at the emulator's token
 * endpoint, stores the offline session through the library's session storage
 * and runs the app's afterAuth hook. The web server must be up.
 */
export async function installDemoShop(db: Database, emulator: AdminEmulator, appUrl: string): Promise<void> {
  // The emulator starts empty every run: sessions a previous run stored in
  // .sandbox/ hold tokens it never issued, so they go before the first open.
  const storage = new PrismaSessionStorage(db);
  await storage.deleteSessions((await storage.findSessionsByShop(SANDBOX_SHOP)).map((session) => session.id));
  const url = await appUrlAsAdminOpensIt({ app: SANDBOX_APP, frame: { appUrl }, shop: SANDBOX_SHOP, appPath: "/app" });
  const response = await fetch(url, { headers: { "user-agent": BROWSER_USER_AGENT, accept: "text/html" }, redirect: "manual" });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`Installing the app on ${SANDBOX_SHOP} failed: its first open answered ${response.status}`);
  if (emulator.tokens.countsFor(SANDBOX_SHOP).exchanges === 0)
    throw new Error(`Installing the app on ${SANDBOX_SHOP} did not exchange a session token`);
}
