// Helpers for the emulator's own tests: a raw GraphQL client (no gateway, so
// the tests see exactly what the emulator answers), MP4 bytes, and a form
// upload to a staged target the way the app sends it.
import { stockOrHeaderOnlyMp4 } from "../video-provider-simulator/video-file";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";
import type { AdminEmulator } from "./server";
import type { Catalog, MediaRecord, ProductRecord, ShopRecord } from "./catalog";

export interface RawAnswer<TData = Record<string, unknown>> {
  status: number;
  body: {
    data?: TData | null;
    errors?: { message: string; locations?: unknown[]; extensions?: { code?: string; [key: string]: unknown } }[] | string;
    extensions?: {
      cost: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
    };
  };
}

export function rawClient(emulator: AdminEmulator, shop: ShopRecord, options: { path?: string; token?: string } = {}) {
  const url = `${emulator.url}${options.path ?? `/admin/api/${ADMIN_API_VERSION}/graphql.json`}`;
  return async <TData = Record<string, unknown>>(query: string, variables: object = {}): Promise<RawAnswer<TData>> => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": options.token ?? shop.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as RawAnswer<TData>["body"] };
  };
}

export function firstShop(emulator: AdminEmulator): ShopRecord {
  return [...emulator.catalog.shops.values()][0];
}

export function mp4(id = "clip"): Buffer {
  return stockOrHeaderOnlyMp4(id, 5, "16:9");
}

/** multipart/form-data: the signed parameters first, the file last (as GCS requires). */
export async function uploadToTarget(
  target: { url: string; parameters: { name: string; value: string }[] },
  file: Buffer,
  options: { filename?: string; parameters?: { name: string; value: string }[] } = {},
): Promise<{ status: number; text: string }> {
  const boundary = `----emulator-test-${Math.random().toString(16).slice(2)}`;
  const fields = (options.parameters ?? target.parameters)
    .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`)
    .join("");
  const body = Buffer.concat([
    Buffer.from(
      `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename ?? "clip.mp4"}"\r\nContent-Type: video/mp4\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const response = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/**
 * Puts a finished video first on the product, as a merchant (or this app's
 * "put first" option) would: the product's featured media is then not an image.
 */
export function putReadyVideoFirst(catalog: Catalog, product: ProductRecord): MediaRecord {
  const video: MediaRecord = {
    id: catalog.nextId(),
    shop: product.shop,
    productId: product.id,
    kind: "VIDEO",
    alt: `${product.title} video`,
    createdAt: 0,
    video: { stagedUploadId: 0, filename: "clip.mp4", fileSize: 1, processingAt: 0, settledAt: 0, outcome: { status: "READY" } },
  };
  catalog.media.set(video.id, video);
  product.media.unshift(video);
  return video;
}
