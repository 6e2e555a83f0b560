// The emulator's in-memory store: shops with their access tokens, products
// with a photo and variants (SKUs), collections, and product media. Plain
// records; the GraphQL views in views.ts turn them into Admin API objects.

export interface ShopRecord {
  id: number;
  /** The myshopify domain, e.g. harbor-goods.myshopify.com. */
  domain: string;
  accessToken: string;
  name: string;
  currencyCode: string;
  /** The shop's time zone as admin's settings set it (`shop.ianaTimezone`). */
  ianaTimezone: string;
}

export interface VariantRecord {
  id: number;
  productId: number;
  sku: string;
  title: string;
}

export type MediaErrorCode = "VIDEO_INVALID_FILETYPE_ERROR" | "FILE_STORAGE_LIMIT_EXCEEDED" | "UNKNOWN";

/** What Shopify's processing of an uploaded video will end in, decided when it is attached. */
export interface VideoProcessing {
  stagedUploadId: number;
  filename: string;
  fileSize: number;
  /** UPLOADED until this time, then PROCESSING. */
  processingAt: number;
  /** PROCESSING until this time, then the outcome. */
  settledAt: number;
  outcome: { status: "READY" } | { status: "FAILED"; code: MediaErrorCode; details: string; message: string };
}

export interface MediaRecord {
  id: number;
  /** Every media is a file of its shop (its Files page). */
  shop: string;
  /** The product showing it; null once fileUpdate took it off (the file stays). */
  productId: number | null;
  kind: "IMAGE" | "VIDEO";
  alt: string | null;
  createdAt: number;
  video?: VideoProcessing;
}

export interface ProductRecord {
  id: number;
  shop: string;
  title: string;
  handle: string;
  variants: VariantRecord[];
  /** In the product's display order; the first image is the featured image. */
  media: MediaRecord[];
}

export interface CollectionRecord {
  id: number;
  shop: string;
  title: string;
  handle: string;
  productIds: number[];
}

export interface NewProduct {
  title: string;
  sku: string;
  /** Adds the product's photo as its first media (default true). */
  withImage?: boolean;
}

export class Catalog {
  readonly shops = new Map<string, ShopRecord>();
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly media = new Map<number, MediaRecord>();
  private readonly shopsByToken = new Map<string, ShopRecord>();
  private readonly variantsBySku = new Map<string, Map<string, VariantRecord[]>>();
  // Shopify ids are large and unique across resource types; so are these.
  private lastId = 7_000_000_000;

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  addShop(shop: { domain: string; accessToken: string; name?: string; currencyCode?: string; ianaTimezone?: string }): ShopRecord {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop.domain)) throw new Error(`Not a myshopify domain: ${shop.domain}`);
    if (this.shops.has(shop.domain)) throw new Error(`Shop ${shop.domain} already exists`);
    if (this.shopsByToken.has(shop.accessToken)) throw new Error("Every shop needs its own access token");
    const record: ShopRecord = {
      id: this.nextId(),
      domain: shop.domain,
      accessToken: shop.accessToken,
      name: shop.name ?? shop.domain.replace(/\.myshopify\.com$/, ""),
      currencyCode: shop.currencyCode ?? "USD",
      ianaTimezone: shop.ianaTimezone ?? "America/New_York",
    };
    this.shops.set(record.domain, record);
    this.shopsByToken.set(record.accessToken, record);
    this.variantsBySku.set(record.domain, new Map());
    return record;
  }

  shopByToken(token: string): ShopRecord | undefined {
    return this.shopsByToken.get(token);
  }

  addProduct(shop: string, input: NewProduct): ProductRecord {
    const skus = this.variantsBySku.get(shop);
    if (!skus) throw new Error(`Unknown shop ${shop}`);
    const product: ProductRecord = { id: this.nextId(), shop, title: input.title, handle: handleOf(input.title), variants: [], media: [] };
    const variant: VariantRecord = { id: this.nextId(), productId: product.id, sku: input.sku, title: "Default Title" };
    product.variants.push(variant);
    if (input.withImage !== false) {
      const image: MediaRecord = { id: this.nextId(), shop, productId: product.id, kind: "IMAGE", alt: input.title, createdAt: Date.now() };
      product.media.push(image);
      this.media.set(image.id, image);
    }
    this.products.set(product.id, product);
    this.variants.set(variant.id, variant);
    const bySku = skus.get(variant.sku);
    if (bySku) bySku.push(variant);
    else skus.set(variant.sku, [variant]);
    return product;
  }

  addCollection(shop: string, input: { title: string; productIds: number[] }): CollectionRecord {
    if (!this.shops.has(shop)) throw new Error(`Unknown shop ${shop}`);
    for (const id of input.productIds) {
      if (this.products.get(id)?.shop !== shop) throw new Error(`Product ${id} is not a product of ${shop}`);
    }
    const collection: CollectionRecord = {
      id: this.nextId(),
      shop,
      title: input.title,
      handle: handleOf(input.title),
      productIds: [...input.productIds],
    };
    this.collections.set(collection.id, collection);
    return collection;
  }

  /** Variants of the shop with one of these SKUs, in catalog order. */
  variantsWithSkus(shop: string, skus: readonly string[]): VariantRecord[] {
    const bySku = this.variantsBySku.get(shop);
    if (!bySku) return [];
    return [...new Set(skus)].flatMap((sku) => bySku.get(sku) ?? []).sort((a, b) => a.id - b.id);
  }

  productsOf(shop: string): ProductRecord[] {
    return [...this.products.values()].filter((p) => p.shop === shop);
  }

  collectionsOf(shop: string): CollectionRecord[] {
    return [...this.collections.values()].filter((c) => c.shop === shop);
  }

  /** Videos currently on the product (what a merchant would see in admin). */
  videosOf(productId: number): MediaRecord[] {
    return this.products.get(productId)?.media.filter((m) => m.kind === "VIDEO") ?? [];
  }
}

function handleOf(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
