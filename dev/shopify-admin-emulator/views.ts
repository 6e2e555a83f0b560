// Catalog records as Admin API objects. Each view is a plain object whose
// properties are the schema's fields (functions for fields with arguments or
// that are costly to build); a field a view leaves out is one the emulator
// does not model, and asking for it is an explicit error (see execution.ts).
import type { CollectionRecord, MediaRecord, ProductRecord, VariantRecord } from "./catalog";
import { connection, type ConnectionArgs } from "./connection";
import type { RequestContext } from "./context";
import { gid } from "./ids";
import { mediaPreviewUrl, productImageUrl } from "./images";
import { videoStatusAt } from "./media-processing";
import { mediaTypeOf } from "./search";

export const MEDIA_FILES_PATH = "/media-files/";

export function shopView(ctx: RequestContext) {
  return {
    __typename: "Shop",
    id: gid("Shop", ctx.shop.id),
    name: ctx.shop.name,
    myshopifyDomain: ctx.shop.domain,
    currencyCode: ctx.shop.currencyCode,
    ianaTimezone: ctx.shop.ianaTimezone,
  };
}

export function productView(ctx: RequestContext, product: ProductRecord) {
  return {
    __typename: "Product",
    id: gid("Product", product.id),
    title: product.title,
    handle: product.handle,
    featuredMedia: () => (product.media[0] ? mediaView(ctx, product.media[0]) : null),
    variants: (args: ConnectionArgs) =>
      connection(
        product.variants,
        args,
        (v) => v.id,
        (v) => variantView(ctx, v),
      ),
    media: (args: ConnectionArgs & { query?: string | null }) => {
      const type = mediaTypeOf(args.query);
      const media = type ? product.media.filter((m) => m.kind === type) : product.media;
      return connection(
        media,
        args,
        (m) => m.id,
        (m) => mediaView(ctx, m),
      );
    },
  };
}

export function variantView(ctx: RequestContext, variant: VariantRecord) {
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", variant.id),
    sku: variant.sku,
    title: variant.title,
    product: () => productView(ctx, ctx.catalog.products.get(variant.productId) as ProductRecord),
  };
}

export function collectionView(ctx: RequestContext, collection: CollectionRecord) {
  return {
    __typename: "Collection",
    id: gid("Collection", collection.id),
    title: collection.title,
    handle: collection.handle,
    productsCount: { count: collection.productIds.length, precision: "EXACT" },
    products: (args: ConnectionArgs) =>
      connection(
        collection.productIds,
        args,
        (id) => id,
        (id) => productView(ctx, ctx.catalog.products.get(id) as ProductRecord),
      ),
  };
}

export function mediaView(ctx: RequestContext, media: MediaRecord) {
  return media.kind === "IMAGE" ? mediaImageView(ctx, media) : videoView(ctx, media);
}

function imageView(ctx: RequestContext, media: MediaRecord) {
  return {
    __typename: "Image",
    id: gid("ProductImage", media.id),
    url: productImageUrl(ctx.baseUrl, media.id),
    altText: media.alt,
    width: 64,
    height: 64,
  };
}

function mediaImageView(ctx: RequestContext, media: MediaRecord) {
  const image = imageView(ctx, media);
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", media.id),
    alt: media.alt,
    mediaContentType: "IMAGE",
    status: "READY",
    fileStatus: "READY",
    mediaErrors: [],
    mediaWarnings: [],
    fileErrors: [],
    mimeType: "image/png",
    image,
    preview: { status: "READY", image },
    createdAt: new Date(media.createdAt).toISOString(),
    updatedAt: new Date(media.createdAt).toISOString(),
  };
}

function videoView(ctx: RequestContext, media: MediaRecord) {
  const video = media.video;
  if (!video) throw new Error(`Video media ${media.id} has no processing record`);
  const status = videoStatusAt(video, ctx.now);
  const outcome = video.outcome;
  const ready = status === "READY";
  return {
    __typename: "Video",
    id: gid("Video", media.id),
    alt: media.alt,
    mediaContentType: "VIDEO",
    status,
    fileStatus: status,
    filename: video.filename,
    mediaErrors:
      status === "FAILED" && outcome.status === "FAILED"
        ? [{ code: outcome.code, details: outcome.details, message: outcome.message }]
        : [],
    mediaWarnings: [],
    fileErrors: [],
    duration: ready ? 5000 : null,
    preview: ready
      ? {
          status: "READY",
          image: { __typename: "Image", id: null, url: mediaPreviewUrl(ctx.baseUrl, media.id), altText: media.alt, width: 64, height: 64 },
        }
      : { status: status === "FAILED" ? "FAILED" : "PROCESSING", image: null },
    sources: ready
      ? [
          {
            url: `${ctx.baseUrl}${MEDIA_FILES_PATH}${media.id}.mp4`,
            mimeType: "video/mp4",
            format: "mp4",
            width: 1080,
            height: 1920,
            fileSize: video.fileSize,
          },
        ]
      : [],
    createdAt: new Date(media.createdAt).toISOString(),
    updatedAt: new Date(Math.min(ctx.now, Math.max(media.createdAt, video.settledAt))).toISOString(),
  };
}
