// `npm run emulator`: the Shopify Admin API emulator as its own process, with
// seeded demo shops. Prints where it listens and each shop's access token,
// then runs until SIGINT or SIGTERM.
import { parseEmulatorArgs, USAGE } from "./cli-options";
import { readCommandLine, runCommand } from "../shared/cli";
import { createDemoCatalog } from "./demo-catalog";
import { startAdminEmulator } from "./server";
import { addHostedVideos, storeLimitsOf } from "./store-limits";
import { randomSeed } from "../shared/random";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";

async function main() {
  const parsed = readCommandLine(parseEmulatorArgs, USAGE);
  const { options } = parsed;
  const seed = options.seed ?? randomSeed();
  const catalog = createDemoCatalog({
    shops: options.shops,
    productsPerShop: options.products,
    collectionSizes: options.collections,
    seed,
  });
  const limits = storeLimitsOf(catalog);
  for (const shop of catalog.shops.values()) {
    if (options.plan) limits.setPlan(shop.domain, options.plan);
    addHostedVideos(catalog, shop.domain, options.hostedVideos);
  }
  const emulator = await startAdminEmulator({
    port: options.port,
    host: options.host,
    catalog,
    seed,
    throttle: options.throttle,
    mediaTiming: options.mediaTiming,
    faults: options.faults,
  });
  const lines = [
    `Shopify Admin API emulator (${ADMIN_API_VERSION}) listening on ${emulator.url}`,
    `  GraphQL: POST ${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json with X-Shopify-Access-Token (seed ${seed})`,
    "  Shops:",
    ...[...catalog.shops.values()].map((shop) => {
      const collections = catalog
        .collectionsOf(shop.domain)
        .map((c) => `${c.title} (${c.productIds.length}, gid://shopify/Collection/${c.id})`);
      return `    ${shop.domain}  token ${shop.accessToken}\n      collections: ${collections.join(", ")}`;
    }),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return emulator;
}

runCommand(main);
