// The Mutation fields the app uses to publish a clip: stagedUploadsCreate,
// productCreateMedia, productReorderMedia, fileUpdate (taking a clip off a
// product) and fileDelete; and bulk reads (bulkOperationRunQuery,
// bulkOperationCancel). Refusals come back as userErrors /
// mediaUserErrors with Shopify's codes, and a refused mutation changes
// nothing.
import crypto from "node:crypto";
import { GraphQLError } from "graphql";
import type { MediaRecord, ProductRecord } from "./catalog";
import type { RequestContext } from "./context";
import { gid } from "./ids";
import { planVideoProcessing, videoStatusAt } from "./media-processing";
import { storeLimitsOf } from "./store-limits";
import { mediaOf, productOf } from "./query-resolvers";
import { mediaView, productView } from "./views";

/** Shopify keeps at most this many media on one product. */
const PRODUCT_MEDIA_LIMIT = 250;

interface UserError {
  field: string[] | null;
  message: string;
}
interface MediaUserError extends UserError {
  code: string;
}
type FilesUserError = MediaUserError;

interface FileUpdateInput {
  id: string;
  referencesToRemove?: string[] | null;
  [other: string]: unknown;
}

interface StagedUploadInput {
  resource: string;
  filename: string;
  mimeType: string;
  httpMethod?: string | null;
  fileSize?: string | number | null;
}

export function mutationRoot(ctx: RequestContext) {
  return {
    stagedUploadsCreate: ({ input }: { input: StagedUploadInput[] }) => stagedUploadsCreate(ctx, input),
    productCreateMedia: (args: { productId: string; media: { originalSource: string; alt?: string | null; mediaContentType: string }[] }) =>
      productCreateMedia(ctx, args),
    fileUpdate: ({ files }: { files: FileUpdateInput[] }) => fileUpdate(ctx, files),
    fileDelete: ({ fileIds }: { fileIds: string[] }) => fileDelete(ctx, fileIds),
    productReorderMedia: (args: { id: string; moves: { id: string; newPosition: string | number }[] }) => productReorderMedia(ctx, args),
    bulkOperationRunQuery: ({ query, groupObjects }: { query: string; groupObjects?: boolean }) =>
      ctx.bulk.run(ctx, query, groupObjects ?? false),
    bulkOperationCancel: ({ id }: { id: string }) => ctx.bulk.cancel(ctx, id),
    ...ctx.billing.mutations(ctx),
  };
}

function stagedUploadsCreate(ctx: RequestContext, input: StagedUploadInput[]) {
  const userErrors: UserError[] = [];
  const sizes = input.map((item, index) => {
    const field = (name: string) => ["input", String(index), name];
    if (item.resource !== "VIDEO") {
      userErrors.push({ field: field("resource"), message: `The Admin API emulator stages VIDEO uploads only, not ${item.resource}` });
    }
    if ((item.httpMethod ?? "PUT") !== "POST") {
      userErrors.push({ field: field("httpMethod"), message: "The Admin API emulator stages VIDEO uploads with httpMethod POST only" });
    }
    if (!item.filename.trim()) userErrors.push({ field: field("filename"), message: "Filename can't be blank" });
    if (!/^video\//.test(item.mimeType))
      userErrors.push({ field: field("mimeType"), message: `Mime type ${item.mimeType} is not a video type` });
    const size = Number(item.fileSize);
    if (item.fileSize === null || item.fileSize === undefined) {
      userErrors.push({ field: field("fileSize"), message: "File size is required for VIDEO uploads" });
    } else if (!/^\d+$/.test(String(item.fileSize)) || size < 1) {
      userErrors.push({ field: field("fileSize"), message: "File size must be a positive whole number of bytes" });
    } else if (size > ctx.uploads.maxBytes) {
      userErrors.push({ field: field("fileSize"), message: `File size must be at most ${ctx.uploads.maxBytes} bytes in the emulator` });
    }
    return size;
  });
  if (userErrors.length > 0) return { stagedTargets: [], userErrors };
  const targets = input.map((item, index) =>
    ctx.uploads.create(ctx.shop.domain, { filename: item.filename, mimeType: item.mimeType, fileSize: sizes[index] }, ctx.baseUrl),
  );
  ctx.stats.stagedUploadsCreated += targets.length;
  return {
    stagedTargets: targets.map((t) => ({ url: t.url, resourceUrl: t.resourceUrl, parameters: t.parameters })),
    userErrors: [],
  };
}

function productCreateMedia(
  ctx: RequestContext,
  args: { productId: string; media: { originalSource: string; alt?: string | null; mediaContentType: string }[] },
) {
  const product = productOf(ctx, args.productId);
  if (!product) return refusedMedia([{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }]);
  const errors: MediaUserError[] = [];
  const uploads = args.media.map((input, index) => {
    if (input.mediaContentType !== "VIDEO") {
      errors.push({
        field: ["media", String(index), "mediaContentType"],
        message: `The Admin API emulator attaches VIDEO media only, not ${input.mediaContentType}`,
        code: "INVALID_MEDIA_TYPE",
      });
      return null;
    }
    const upload = ctx.uploads.byResourceUrl(input.originalSource);
    if (!upload || upload.shop !== ctx.shop.domain || !upload.stored) {
      errors.push({
        field: ["media", String(index), "originalSource"],
        message: "Media originalSource is not the resourceUrl of a completed staged upload",
        code: "INVALID",
      });
      return null;
    }
    return { ...upload, stored: upload.stored };
  });
  if (product.media.length + args.media.length > PRODUCT_MEDIA_LIMIT) {
    errors.push({
      field: ["media"],
      message: `Products can have at most ${PRODUCT_MEDIA_LIMIT} media`,
      code: "PRODUCT_MEDIA_LIMIT_EXCEEDED",
    });
  }
  if (errors.length > 0) return refusedMedia(errors);
  // The store's own limits (plan's hosted videos, the video throttle) come after the input's checks, as on Shopify.
  const limits = storeLimitsOf(ctx.catalog);
  const storeRefusal = limits.refusalOfVideos(ctx.shop.domain, args.media.length, ctx.now);
  if (storeRefusal) return refusedMedia([{ field: ["media"], ...storeRefusal }]);
  limits.recordVideos(ctx.shop.domain, args.media.length, ctx.now);

  const created = args.media.map((input, index): MediaRecord => {
    const upload = uploads[index] as NonNullable<(typeof uploads)[number]>;
    const media: MediaRecord = {
      id: ctx.catalog.nextId(),
      shop: ctx.shop.domain,
      productId: product.id,
      kind: "VIDEO",
      alt: input.alt ?? null,
      createdAt: ctx.now,
      video: limits.withinStorage(
        ctx.shop.domain,
        planVideoProcessing(upload, { now: ctx.now, timing: ctx.timing, random: ctx.random, failRate: ctx.faults.mediaFailRate }),
        ctx.now,
      ),
    };
    product.media.push(media);
    ctx.catalog.media.set(media.id, media);
    const productGid = gid("Product", product.id);
    ctx.stats.mediaCreated[productGid] = (ctx.stats.mediaCreated[productGid] ?? 0) + 1;
    return media;
  });
  return { media: created.map((m) => mediaView(ctx, m)), mediaUserErrors: [], userErrors: [], product: productView(ctx, product) };
}

function refusedMedia(errors: MediaUserError[]) {
  return { media: null, mediaUserErrors: errors, userErrors: errors.map(({ field, message }) => ({ field, message })), product: null };
}

/** Shopify's answer for ids that are not files of the shop (FilesUserError). */
function missingFiles(ids: string[]) {
  return { field: ["files"], message: `File id ${JSON.stringify(ids)} does not exist.`, code: "FILE_DOES_NOT_EXIST" };
}

/**
 * fileUpdate as the app uses it: referencesToRemove takes the file off those
 * products' media; the file itself stays in the shop. Shopify updates only
 * READY files ("Files must be in ready state before they can be updated").
 */
function fileUpdate(ctx: RequestContext, inputs: FileUpdateInput[]) {
  const refused = (errors: FilesUserError[]) => ({ files: [], userErrors: errors });
  for (const input of inputs) {
    const unmodelled = Object.keys(input).filter((key) => key !== "id" && key !== "referencesToRemove" && input[key] !== undefined);
    if (unmodelled.length > 0) {
      throw new GraphQLError(`The Admin API emulator's fileUpdate models id and referencesToRemove only, not ${unmodelled.join(", ")}`, {
        extensions: { code: "EMULATOR_UNSUPPORTED_FIELD" },
      });
    }
  }
  const files = inputs.map((input) => ({ input, media: mediaOf(ctx, input.id) }));
  const missing = files.filter((f) => !f.media).map((f) => f.input.id);
  if (missing.length > 0) return refused([missingFiles(missing)]);
  const errors: FilesUserError[] = [];
  const removals = files.map(({ input, media }, index) => {
    const file = media as MediaRecord;
    const status = file.video ? videoStatusAt(file.video, ctx.now) : "READY";
    if (status === "FAILED")
      errors.push({
        field: ["files", String(index), "id"],
        message: "File cannot be updated in a failed state.",
        code: "INVALID_FAILED_MEDIA_STATE",
      });
    else if (status !== "READY")
      errors.push({ field: ["files", String(index), "id"], message: "The file is not in the READY state.", code: "NON_READY_STATE" });
    const products = (input.referencesToRemove ?? []).map((id) => productOf(ctx, id));
    if (products.some((p) => !p)) {
      errors.push({
        field: ["files", String(index), "referencesToRemove"],
        message: "The target resource does not exist.",
        code: "REFERENCE_TARGET_DOES_NOT_EXIST",
      });
    }
    return { file, products: products as ProductRecord[] };
  });
  if (errors.length > 0) return refused(errors);
  for (const { file, products } of removals) {
    for (const product of products) {
      if (file.productId !== product.id) continue;
      product.media = product.media.filter((m) => m !== file);
      file.productId = null;
      ctx.stats.mediaDetached += 1;
    }
  }
  return { files: removals.map(({ file }) => mediaView(ctx, file)), userErrors: [] };
}

/** fileDelete: the files leave the shop, and so every product showing them. */
function fileDelete(ctx: RequestContext, fileIds: string[]) {
  const files = fileIds.map((id) => ({ id, media: mediaOf(ctx, id) }));
  const missing = files.filter((f) => !f.media).map((f) => f.id);
  if (missing.length > 0) return { deletedFileIds: null, userErrors: [missingFiles(missing)] };
  for (const { media } of files) {
    const file = media as MediaRecord;
    const product = file.productId === null ? undefined : ctx.catalog.products.get(file.productId);
    if (product) product.media = product.media.filter((m) => m !== file);
    ctx.catalog.media.delete(file.id);
    ctx.stats.mediaDeleted += 1;
  }
  return { deletedFileIds: fileIds, userErrors: [] };
}

function productReorderMedia(ctx: RequestContext, args: { id: string; moves: { id: string; newPosition: string | number }[] }) {
  const product = productOf(ctx, args.id);
  const refused = (errors: MediaUserError[]) => ({
    job: null,
    mediaUserErrors: errors,
    userErrors: errors.map(({ field, message }) => ({ field, message })),
  });
  if (!product) return refused([{ field: ["id"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }]);
  const errors: MediaUserError[] = [];
  const moves = args.moves.map((move, index) => {
    const media = mediaOf(ctx, move.id);
    if (media?.productId !== product.id)
      errors.push({ field: ["moves", String(index), "id"], message: `Media id ${move.id} does not exist`, code: "MEDIA_DOES_NOT_EXIST" });
    if (!/^\d+$/.test(String(move.newPosition)))
      errors.push({ field: ["moves", String(index), "newPosition"], message: "New position must be a whole number", code: "INVALID" });
    return { media: media as MediaRecord, position: Number(move.newPosition) };
  });
  if (errors.length > 0) return refused(errors);
  // Shopify reorders in a background job; the emulator finishes it at once.
  for (const { media, position } of moves) {
    const rest = product.media.filter((m) => m !== media);
    rest.splice(Math.min(position, rest.length), 0, media);
    product.media = rest;
  }
  return { job: { id: gid("Job", crypto.randomUUID()), done: true }, mediaUserErrors: [], userErrors: [] };
}
