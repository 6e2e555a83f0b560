// The Shopify Admin API emulator: the app's GraphQL executed against the real
// Admin schema of the pinned version, over an in-memory catalog, with staged video uploads,
// media processing and cost-based throttling, and Shopify's side of auth: the
// token endpoint (token exchange, refresh) and 401s for tokens that expired
// or were revoked. Tests, the benchmark and the sandbox point the app and the
// Shopify library at it (SHOPIFY_ADMIN_API_ORIGIN).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { loadAdminSchema } from "../../app/shopify-admin/schema.server";
import { sendJson } from "../shared/http-io";
import { createRandom, randomSeed } from "../shared/random";
import { handleAdminFrame, isAdminFramePath, type AdminFrameOptions } from "./admin-frame/routes";
import { AccessTokens, SHOPIFY_TOKEN_LIFETIMES, type TokenLifetimes } from "./access-tokens";
import { handleBillingApproval, isBillingApprovalPath } from "./admin-frame/billing-approval";
import { AppBilling } from "./billing";
import { BULK_RESULTS_PATH, BulkOperations, type BulkOperationsOptions } from "./bulk-operations";
import type { Catalog } from "./catalog";
import { createDemoCatalog } from "./demo-catalog";
import { adminFaultsSchema, NO_ADMIN_FAULTS, type AdminFaults } from "./faults";
import { executeBulkQuery } from "./execution";
import { handleGraphql, isGraphqlPath } from "./graphql-endpoint";
import { MEDIA_PREVIEWS_PATH, PRODUCT_IMAGES_PATH, serveImage } from "./images";
import { DEFAULT_MEDIA_TIMING, videoStatusAt, type MediaTiming } from "./media-processing";
import { handleOauth, isOauthPath, type EmulatedApp } from "./oauth";
import { STAGED_UPLOADS_PATH, StagedUploads } from "./staged-uploads";
import { createStats, type AdminEmulatorStats } from "./stats";
import { createShopBuckets, STANDARD_PLAN, type BucketSettings } from "./throttle";
import { MEDIA_FILES_PATH } from "./views";
import { listen } from "../shared/listen";

export interface AdminEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Default: one demo shop with 24 products (createDemoCatalog). */
  catalog?: Catalog;
  /** Each shop's cost bucket. Default Shopify's standard plan: 2,000 points, 100 per second. */
  throttle?: Partial<BucketSettings>;
  /** Shopify's single-query limit (default 1,000 points). */
  maxQueryCost?: number;
  /** How long a video stays UPLOADED, then PROCESSING. */
  mediaTiming?: Partial<MediaTiming>;
  /** Largest staged upload accepted (default 100 MB). */
  maxUploadBytes?: number;
  faults?: Partial<AdminFaults>;
  /** Same seed and same request order, same fault decisions and demo catalog. */
  seed?: number;
  /** The app whose tokens the token endpoint issues; without it the endpoint refuses every client. */
  app?: EmulatedApp;
  /** The emulated admin page that holds the app in an iframe (needs `app` too); without it there is none. */
  adminFrame?: AdminFrameOptions;
  /** How long issued tokens live (default Shopify's: 1 h offline access, 90 days refresh). */
  tokenLifetimes?: Partial<TokenLifetimes>;
  /**
   * Bulk operations: where the finish webhook goes (default the admin frame's
   * app URL + /webhooks/bulk_operations/finish), concurrency per shop, timing.
   */
  bulkOperations?: Partial<Pick<BulkOperationsOptions, "finishWebhookUrl" | "maxRunningPerShop" | "timing">>;
}

export interface AdminEmulator {
  url: string;
  port: number;
  catalog: Catalog;
  stats: AdminEmulatorStats;
  /** Issued tokens: revokeShop (the app was uninstalled) and per-shop exchange/refresh counts. */
  tokens: AccessTokens;
  /** The app the token endpoint serves, as given in the options. */
  app: EmulatedApp | undefined;
  /** Bulk query operations: their faults (failures, expiring URLs, a lost webhook) and counts. */
  bulkOperations: BulkOperations;
  /** The app's subscriptions and usage records on every shop (Shopify Billing). */
  billing: AppBilling;
  faults(): AdminFaults;
  setFaults(change: Partial<AdminFaults>): AdminFaults;
  stop(): Promise<void>;
}

export async function startAdminEmulator(options: AdminEmulatorOptions = {}): Promise<AdminEmulator> {
  const seed = options.seed ?? randomSeed();
  const catalog = options.catalog ?? createDemoCatalog({ seed });
  let faults = adminFaultsSchema.parse({ ...NO_ADMIN_FAULTS, ...options.faults });
  const stats = createStats();
  const tokens = new AccessTokens({ ...SHOPIFY_TOKEN_LIFETIMES, ...options.tokenLifetimes });
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "admin-emulator-"));
  const uploads = new StagedUploads(directory, options.maxUploadBytes ?? 100 * 1024 * 1024);
  const timers = new Set<NodeJS.Timeout>();
  let baseUrl = "";
  const schema = loadAdminSchema();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  const bulk = new BulkOperations({
    schema,
    directory,
    apiSecret: options.app?.apiSecret,
    finishWebhookUrl:
      options.bulkOperations?.finishWebhookUrl ??
      (options.adminFrame ? new URL("/webhooks/bulk_operations/finish", options.adminFrame.appUrl).toString() : undefined),
    maxRunningPerShop: options.bulkOperations?.maxRunningPerShop,
    timing: options.bulkOperations?.timing,
    execute: async (document, ctx) => executeBulkQuery(schema, document, ctx),
    sleep,
  });

  // Billing webhooks go where shopify.app.toml subscribes them: the app's URL + /webhooks/<topic>.
  const billing = new AppBilling({
    webhooks: () =>
      options.adminFrame && options.app ? { appUrl: options.adminFrame.appUrl, apiSecret: options.app.apiSecret } : undefined,
  });

  const endpoint = {
    settings: {
      schema,
      buckets: createShopBuckets({ ...STANDARD_PLAN, ...options.throttle }),
      maxQueryCost: options.maxQueryCost ?? 1000,
    },
    catalog,
    tokens,
    uploads,
    bulk,
    billing,
    stats,
    faults: () => faults,
    random: createRandom(seed),
    timing: { ...DEFAULT_MEDIA_TIMING, ...options.mediaTiming },
    baseUrl: () => baseUrl,
    sleep,
  };

  const route = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    const { pathname } = new URL(request.url ?? "/", baseUrl);
    if (isGraphqlPath(pathname)) return handleGraphql(endpoint, request, response, pathname);
    if (isOauthPath(pathname))
      return handleOauth({ app: options.app, catalog, tokens, faults: () => faults, random: endpoint.random }, request, response, pathname);
    if (isBillingApprovalPath(pathname))
      return handleBillingApproval({ billing, catalog }, request, response, new URL(request.url ?? "/", baseUrl));
    if (isAdminFramePath(pathname))
      return handleAdminFrame(
        { catalog, app: options.app, frame: options.adminFrame, baseUrl },
        request,
        response,
        new URL(request.url ?? "/", baseUrl),
      );
    if (pathname.startsWith(STAGED_UPLOADS_PATH)) {
      const id = Number(pathname.slice(STAGED_UPLOADS_PATH.length));
      const outcome = await uploads.receive(request, response, Number.isSafeInteger(id) ? id : -1);
      if (outcome === "stored") stats.uploadsStored += 1;
      else stats.uploadsRejected += 1;
      return;
    }
    if (pathname.startsWith(BULK_RESULTS_PATH)) return bulk.serve(request, response, new URL(request.url ?? "/", baseUrl));
    if (pathname.startsWith(PRODUCT_IMAGES_PATH) || pathname.startsWith(MEDIA_PREVIEWS_PATH)) return serveImage(response, pathname);
    if (pathname.startsWith(MEDIA_FILES_PATH)) return serveMediaFile(catalog, uploads, response, pathname);
    sendJson(response, 404, { errors: "Not Found" });
  };

  const server = http.createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { errors: `Internal error in the Admin API emulator: ${String(error)}` });
      else response.destroy();
    });
  });
  const listening = await listen(server, options);
  baseUrl = listening.url;

  return {
    url: baseUrl,
    port: listening.port,
    catalog,
    stats,
    tokens,
    app: options.app,
    bulkOperations: bulk,
    billing,
    faults: () => faults,
    setFaults(change) {
      faults = adminFaultsSchema.parse({ ...faults, ...change });
      return faults;
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await listening.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** GET /media-files/<id>.mp4: the uploaded file of a READY video, as its sources[].url promises. */
function serveMediaFile(catalog: Catalog, uploads: StagedUploads, response: http.ServerResponse, pathname: string): void {
  const id = Number(/^\/media-files\/(\d+)\.mp4$/.exec(pathname)?.[1]);
  const media = catalog.media.get(id);
  const stored = media?.video ? uploads.byId(media.video.stagedUploadId)?.stored : undefined;
  if (!media?.video || !stored || videoStatusAt(media.video, Date.now()) !== "READY") {
    sendJson(response, 404, { errors: "Not Found" });
    return;
  }
  response.writeHead(200, { "content-type": "video/mp4", "content-length": String(stored.size) });
  fs.createReadStream(stored.path)
    .on("error", () => response.destroy())
    .pipe(response);
}
