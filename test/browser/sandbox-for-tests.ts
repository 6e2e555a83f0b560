// The sandbox (dev/sandbox/main.ts), started by a test file with the knobs a
// browser test needs: short render times, provider faults the test switches
// on and off (simulator.setFaults), a temp directory for the SQLite file and
// the logs, free ports, and a stop() that ends every process it started.
// Built from the same pieces as `npm run sandbox`: migrateDatabase,
// startLocalRedis, startAdminEmulator with the demo catalog, the provider
// simulator, configureDemoShop, then server.js and app/worker.ts as child
// processes with the sandbox's environment, and installDemoShop (the app's
// first open, which installs it through token exchange). The browser opens
// the app the way a merchant does: inside the emulated Shopify admin, whose
// App Bridge stand-in hands the app its session tokens.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { createDatabase, type Database } from "~/db.server";
import type { Catalog, ProductRecord } from "../../dev/shopify-admin-emulator/catalog";
import { APP_BRIDGE_PATH } from "../../dev/shopify-admin-emulator/admin-frame/routes";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { configureDemoShop, demoCatalog, installDemoShop, SANDBOX_APP, SANDBOX_SHOP } from "../../dev/sandbox/demo-shop";
import { freePort, waitForPort } from "../../scripts/local-services/free-port";
import { startLocalRedis } from "../../scripts/local-services/redis";
import { migrateDatabase } from "../../scripts/migrate";
import type { Faults } from "../../dev/video-provider-simulator/faults";
import { startProviderSimulator, type ProviderSimulator } from "../../dev/video-provider-simulator/server";
import { withoutVitestVariables } from "./child-env";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface SandboxOptions {
  /** Simulated render time (the real sandbox: 6-20 s). Default 1-3 s. */
  renderTimeMs?: { min: number; max: number };
  /** Provider faults at start (default none: every render succeeds). */
  faults?: Partial<Faults>;
  /** Products in the demo catalog; "Spring Catalog" gets 60 % (at least 12), "Bestsellers" the rest (at least 8). Default 20. */
  catalogSize?: number;
  seed?: number;
}

export interface DemoProduct {
  /** gid://shopify/Product/<n> */
  id: string;
  numericId: number;
  title: string;
  sku: string;
  imageUrl: string;
}

export interface TestSandbox {
  /** The app's own origin, http://localhost:<port> (what the iframe shows). */
  origin: string;
  /** The emulated admin's origin (the Admin API emulator's). */
  adminOrigin: string;
  shop: string;
  db: Database;
  catalog: Catalog;
  emulator: AdminEmulator;
  simulator: ProviderSimulator;
  /** The demo shop's products, as the Admin API emulator holds them. */
  products(): DemoProduct[];
  collection(title: string): { id: string; title: string; products: DemoProduct[] };
  /** Videos the app attached to a product in the emulated shop. */
  videosOn(product: DemoProduct): number;
  /** The end of the web server's and the worker's logs, for a failing test's message. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

interface ChildApp {
  name: string;
  child: ChildProcess;
  output: string[];
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Children of this test process; a crashed test run must not leave them behind. */
const liveChildren = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

function startChild(name: string, args: string[], env: Record<string, string>, readyText: string, cwd: string, logFile: string): ChildApp {
  const log = fs.createWriteStream(logFile, { flags: "a" });
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...withoutVitestVariables(process.env), ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split("\n").filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const ready = new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4_000);
      if (seen.includes(readyText)) resolve();
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${output.slice(-30).join("\n")}`)),
    );
  });
  ready.catch(() => {});
  return {
    name,
    child,
    output,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export async function startSandboxForTests(options: SandboxOptions = {}): Promise<TestSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-browser-"));
  const stops: (() => Promise<unknown>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  const children: ChildApp[] = [];
  const stop = async () => {
    // Last started, first stopped: the app's processes before the services they use.
    for (const step of stops.splice(0).reverse()) await step().catch(() => {});
  };

  try {
    const databaseUrl = `file:${path.join(dir, "sandbox.db")}`;
    await migrateDatabase(databaseUrl);
    const db = createDatabase(databaseUrl);
    stops.push(() => db.$disconnect());

    const redis = await startLocalRedis();
    stops.push(() => redis.stop());

    const appDir = inject("browserAppDir") ?? root;
    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const shop = demoCatalog(options.catalogSize ?? 20);
    const emulator = await startAdminEmulator({
      catalog: shop.catalog,
      seed: options.seed ?? 42,
      mediaTiming: { uploadedMs: 200, processingMs: 600 },
      app: SANDBOX_APP,
      adminFrame: { appUrl: origin },
    });
    stops.push(() => emulator.stop());

    const providerKey = "sandbox-provider-key";
    const simulator = await startProviderSimulator({
      apiKey: providerKey,
      seed: options.seed ?? 7,
      renderTimeMs: options.renderTimeMs ?? { min: 1_000, max: 3_000 },
      faults: { failRate: 0, ...options.faults },
    });
    stops.push(() => simulator.stop());
    await configureDemoShop(db);

    const env = {
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      CATALOG_MOTION_SANDBOX: "1",
      SHOPIFY_APP_URL: origin,
      SHOPIFY_API_KEY: SANDBOX_APP.apiKey,
      SHOPIFY_API_SECRET: SANDBOX_APP.apiSecret,
      APP_BRIDGE_URL: `${emulator.url}${APP_BRIDGE_PATH}`,
      SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
      CREATIVEAI_BASE_URL: simulator.url,
      // The simulator's clips, and the emulator's product photos the fidelity check compares them with.
      CLIP_SOURCE_DEV_ORIGINS: `${simulator.url},${emulator.url}`,
      // The web process runs from the built copy and the worker from the repository: one clip store for both.
      CLIP_STORE_DIR: path.join(dir, "clips"),
      CREATIVEAI_API_KEY: providerKey,
      PUBLIC_CALLBACK_ORIGIN: `http://127.0.0.1:${port}`,
      RENDER_GLOBAL_CAP: "8",
      RENDER_POLL_AFTER_SECONDS: "30",
      RECONCILE_EVERY_SECONDS: "5",
      LOG_LEVEL: "info",
    };
    children.push(
      startChild("web", [path.join(appDir, "server.js")], env, "web server ready", appDir, path.join(dir, "web.log")),
      startChild(
        "worker",
        ["--import", "tsx", path.join(root, "app", "worker.ts")],
        { ...env, CATALOG_MOTION_SERVICE: "worker" },
        "worker ready",
        root,
        path.join(dir, "worker.log"),
      ),
    );
    stops.push(...children.map((c) => () => c.stop()));
    await Promise.all(children.map((c) => c.ready));
    await waitForPort(port);
    await installDemoShop(db, emulator, origin);

    const toDemoProduct = (p: ProductRecord): DemoProduct => {
      const image = p.media.find((m) => m.kind === "IMAGE");
      return {
        id: `gid://shopify/Product/${p.id}`,
        numericId: p.id,
        title: p.title,
        sku: p.variants[0]?.sku ?? "",
        imageUrl: image ? `${emulator.url}/product-images/${image.id}.png` : "",
      };
    };
    const products = () => shop.catalog.productsOf(SANDBOX_SHOP).map(toDemoProduct);

    return {
      origin,
      adminOrigin: emulator.url,
      shop: SANDBOX_SHOP,
      db,
      catalog: shop.catalog,
      emulator,
      simulator,
      products,
      collection(title) {
        const found = shop.catalog.collectionsOf(SANDBOX_SHOP).find((c) => c.title === title);
        if (!found) throw new Error(`The demo shop has no collection "${title}"`);
        const all = new Map(products().map((p) => [p.numericId, p]));
        return { id: `gid://shopify/Collection/${found.id}`, title: found.title, products: found.productIds.map((id) => all.get(id)!) };
      },
      videosOn: (product) => shop.catalog.videosOf(product.numericId).length,
      logTail: (lines = 40) =>
        children.map((c) => `--- ${c.name} (last ${lines} lines) ---\n${c.output.slice(-lines).join("\n")}`).join("\n"),
      stop,
    };
  } catch (error) {
    const logs = children.map((c) => `--- ${c.name} ---\n${c.output.slice(-30).join("\n")}`).join("\n");
    await stop();
    throw new Error(`The sandbox for the browser tests did not start: ${error instanceof Error ? error.message : String(error)}\n${logs}`);
  }
}
