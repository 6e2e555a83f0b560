// `npm run sandbox`: the whole product on one machine with no Shopify account
// and no provider key. It migrates a SQLite database, starts a Redis, the
// Shopify Admin API emulator with a demo shop and its emulated admin, the
// video provider simulator, the built web app and a worker, and prints the
// address of the app inside the emulated admin.
// `npm run sandbox -- --batch <n>` instead runs a batch of n demo products
// from the command line and ends with a one-line JSON summary.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SERVICE_NODE_FLAGS, serviceNodeArgs } from "~/config/node-flags";
import { createDatabase } from "~/db.server";
import { createBatch } from "~/pipeline/batches.server";
import { renderChoicesFor } from "~/pipeline/render-choices.server";
import { producerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { adminFrameUrl, APP_BRIDGE_PATH } from "../shopify-admin-emulator/admin-frame/routes";
import { addDemoCollection } from "../shopify-admin-emulator/demo-catalog";
import { startAdminEmulator } from "../shopify-admin-emulator/server";
import { createRandom } from "../shared/random";
import { startLocalRedis } from "../../scripts/local-services/redis";
import { freePort, waitForPort } from "../../scripts/local-services/free-port";
import { migrateDatabase } from "../../scripts/migrate";
import { startProviderSimulator } from "../video-provider-simulator/server";
import { configureDemoShop, demoCatalog, installDemoShop, SANDBOX_APP, SANDBOX_SHOP } from "./demo-shop";
import { demoBatchItems } from "./demo-items";
import { builtAppIsCurrent, startAppProcess, type AppProcess } from "./processes";
import { watchBatch } from "./progress";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    batch: { type: "string" },
    port: { type: "string", default: "3000" },
    fresh: { type: "boolean", default: false },
  },
});
const batchSize = values.batch === undefined ? null : Number(values.batch);
if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)) {
  console.error("--batch takes a number of products from 1 to 10000");
  process.exit(2);
}
const log = (line: string) => (batchSize === null ? console.log(line) : process.stderr.write(`${line}\n`));

const dir = path.join(root, ".sandbox");
if (values.fresh) fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const databaseUrl = `file:${path.join(dir, "sandbox.db")}`;
const stops: (() => Promise<void>)[] = [];

async function main() {
  log("Catalog Motion sandbox: setting up");
  await migrateDatabase(databaseUrl);
  const db = createDatabase(databaseUrl);
  stops.push(() => db.$disconnect());

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startLocalRedis();
    stops.push(() => redis.stop());
    redisUrl = redis.url;
  }

  const port = values.port === "0" ? await freePort() : Number(values.port);
  const origin = `http://localhost:${port}`;
  const shop = demoCatalog(Math.max(40, batchSize ?? 0));
  // A collection past the bulk-read threshold, so "Generate for a collection" shows a batch
  // being prepared from a Shopify bulk operation (docs/decisions/008).
  addDemoCollection(shop.catalog, SANDBOX_SHOP, { title: "Home & Living", size: 1_200, random: createRandom(8) });
  const emulator = await startAdminEmulator({
    catalog: shop.catalog,
    seed: 42,
    mediaTiming: { uploadedMs: 300, processingMs: 1_200 },
    app: SANDBOX_APP,
    adminFrame: { appUrl: origin },
  });
  stops.push(() => emulator.stop());
  const providerKey = "sandbox-provider-key";
  const simulator = await startProviderSimulator({
    apiKey: providerKey,
    seed: 7,
    renderTimeMs: batchSize === null ? { min: 6_000, max: 20_000 } : { min: 800, max: 3_000 },
    faults: { failRate: 0.05 },
  });
  stops.push(() => simulator.stop());
  await configureDemoShop(db);

  if (!builtAppIsCurrent(root)) {
    log("Building the app (first run, or the code changed)…");
    execFileSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
      cwd: root,
      stdio: "ignore",
    });
  }

  const env = {
    NODE_ENV: "development",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    CATALOG_MOTION_SANDBOX: "1",
    SHOPIFY_APP_URL: origin,
    SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
    SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
    APP_BRIDGE_URL: `${emulator.url}${APP_BRIDGE_PATH}`,
    SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
    CREATIVEAI_BASE_URL: simulator.url,
    // The simulator's clips, and the emulator's product photos the fidelity check compares them with.
    CLIP_SOURCE_DEV_ORIGINS: `${simulator.url},${emulator.url}`,
    CREATIVEAI_API_KEY: providerKey,
    PUBLIC_CALLBACK_ORIGIN: `http://127.0.0.1:${port}`,
    RENDER_GLOBAL_CAP: "8",
    RENDER_POLL_AFTER_SECONDS: "30",
    RECONCILE_EVERY_SECONDS: "5",
    LOG_LEVEL: "info",
  };
  const processes: AppProcess[] = [
    startAppProcess("web", [...SERVICE_NODE_FLAGS, path.join(root, "server.js")], env, "web server ready", root, path.join(dir, "web.log")),
    startAppProcess(
      "worker",
      serviceNodeArgs(path.join(root, "app", "worker.ts")),
      { ...env, CATALOG_MOTION_SERVICE: "worker" },
      "worker ready",
      root,
      path.join(dir, "worker.log"),
    ),
  ];
  stops.push(...processes.map((p) => () => p.stop()));
  await Promise.all(processes.map((p) => p.ready));
  await waitForPort(port);
  await installDemoShop(db, emulator, origin);

  if (batchSize === null) {
    log("");
    log(`  Admin:     ${adminFrameUrl(emulator.url, SANDBOX_SHOP)}`);
    log(`             (the app at ${origin} inside the emulated Shopify admin)`);
    log(`  Shop:      ${SANDBOX_SHOP} (Shopify Admin API emulator at ${emulator.url})`);
    log(`  Provider:  video provider simulator at ${simulator.url}`);
    log(`  Logs:      ${path.relative(root, dir)}/web.log, worker.log`);
    log("");
    log("Press Ctrl+C to stop.");
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    return;
  }

  const queues = createPipelineQueues(producerConnection(redisUrl));
  stops.unshift(async () => {
    await queues.close();
    queues.connection.disconnect();
  });
  const items = await demoBatchItems({
    shop: SANDBOX_SHOP,
    accessToken: shop.accessToken,
    apiOrigin: emulator.url,
    collectionId: shop.everythingId,
    count: batchSize,
  });
  const started = Date.now();
  // The shop's own defaults, as the generate page offers them.
  const { model, duration, aspectRatio, prompt } = (await renderChoicesFor(db, SANDBOX_SHOP)).defaults;
  const batch = await createBatch(db, queues, {
    shop: SANDBOX_SHOP,
    source: "sandbox",
    title: `Sandbox batch of ${items.length}`,
    items,
    options: { model, duration, aspectRatio, prompt },
  });
  const counts = await watchBatch(db, SANDBOX_SHOP, batch.batchId, batch.created);
  const summary = {
    published: counts.published ?? 0,
    failed: counts.failed ?? 0,
    waiting_review: counts.awaiting_review ?? 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  console.log(JSON.stringify(summary));
}

async function shutdown(code: number) {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  process.exit(code);
}

main().then(
  () => shutdown(0),
  async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await shutdown(1);
  },
);
