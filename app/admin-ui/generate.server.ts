// "Generate videos": the merchant's choice (products, or whole collections)
// becomes one batch. The chosen ids are re-read from the shop through the Admin
// API, so titles and images come from Shopify, not from the form.
import { z } from "zod";
import { BatchInputError, createBatch, MAX_BATCH_SIZE, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import { batchName } from "~/pipeline/batch-name.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { chosenProducts, productListPage, type CatalogProduct } from "~/catalog/products.server";
import { collectionList, collectionProducts, collectionSizes } from "~/catalog/collections.server";
import { productsTitle } from "~/merchant-copy/format";
import { fieldErrorsOf, type FieldErrors } from "~/http/responses.server";
import { readFromStore, StoreUnavailableError } from "~/catalog/store-access.server";
import { BULK_READ_THRESHOLD, requestCatalogRead } from "~/catalog/catalog-reads.server";
import { TARGET_SURFACES, surfaceById, type TargetSurfaceId } from "~/pipeline/target-surfaces";

/** The resource picker and the in-app list send ids; more than this belongs in a collection or a CSV. */
export const MAX_CHOSEN_PRODUCTS = 2_500;
const MAX_CHOSEN_COLLECTIONS = 10;

const surfaceIds = TARGET_SURFACES.map((s) => s.id) as [TargetSurfaceId, ...TargetSurfaceId[]];

const generateFormSchema = renderOptionsSchema.extend({
  mode: z.enum(["products", "collection"], { message: "Choose products or a collection" }),
  productId: z
    .array(z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "One of the chosen products is not a Shopify product"))
    .max(
      MAX_CHOSEN_PRODUCTS,
      `Choose up to ${MAX_CHOSEN_PRODUCTS.toLocaleString("en-US")} products at once, or generate for a whole collection`,
    ),
  collectionId: z
    .array(z.string().regex(/^gid:\/\/shopify\/Collection\/\d+$/, "One of the chosen collections is not a Shopify collection"))
    .max(MAX_CHOSEN_COLLECTIONS, `Choose up to ${MAX_CHOSEN_COLLECTIONS} collections at once`),
  surface: z.enum(surfaceIds, { message: "Choose where the video will be shown" }),
  /** "Make the first N", chosen when the request is over the budget or the store's video limit. */
  maxJobs: z.coerce
    .number({ invalid_type_error: "Choose how many videos to make" })
    .int("Choose how many videos to make, as a whole number")
    .min(1, "Make at least 1 video")
    .optional(),
});

/** Checked apart from the schema so the merchant sees it together with every other field's message. */
function choiceErrors(form: FormData): FieldErrors {
  const mode = form.get("mode");
  if (mode === "products" && form.getAll("productId").length === 0) return { productId: "Choose at least one product" };
  if (mode === "collection" && form.getAll("collectionId").length === 0) return { collectionId: "Choose a collection" };
  return {};
}

export type GenerateOutcome =
  { ok: true; batchId: string; notice: URLSearchParams } | { ok: false; errors: FieldErrors; formError?: string };

function readGenerateForm(form: FormData) {
  return generateFormSchema.safeParse({
    mode: form.get("mode"),
    productId: form.getAll("productId").map(String),
    collectionId: form.getAll("collectionId").map(String),
    surface: form.get("surface"),
    model: form.get("model") ?? "",
    duration: form.get("duration") ?? "",
    aspectRatio: form.get("aspectRatio"),
    prompt: form.get("prompt") ?? "",
    maxJobs: form.get("maxJobs") || undefined,
  });
}

export async function generateVideos(ctx: PipelineContext, shop: string, form: FormData): Promise<GenerateOutcome> {
  const parsed = readGenerateForm(form);
  const errors = { ...choiceErrors(form), ...(parsed.success ? {} : fieldErrorsOf(parsed.error)) };
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const input = parsed.data;
  const surface = surfaceById(input.surface)!;
  const options = { model: input.model, duration: input.duration, aspectRatio: input.aspectRatio, prompt: input.prompt };

  try {
    if (input.mode === "collection") {
      const sizes = await readFromStore(ctx, shop, (admin) => collectionSizes(admin, [...new Set(input.collectionId)]));
      if (sizes.length === 0) return { ok: false, errors: { collectionId: "That collection is no longer in your store" } };
      const productCount = sizes.reduce((sum, c) => sum + c.productsCount, 0);
      if (productCount > BULK_READ_THRESHOLD) {
        const title = await batchName(ctx.db, shop, sizes.map((c) => c.title).join(", "), productCount);
        const { batchId } = await requestCatalogRead(ctx, {
          shop,
          title,
          expectedProducts: productCount,
          request: {
            source: "collection",
            selection: { kind: "collections", collectionIds: sizes.map((c) => c.id) },
            options,
            targetSurface: surface.id,
          },
        });
        const notice = new URLSearchParams();
        if (sizes.length < new Set(input.collectionId).size) notice.set("missing", String(new Set(input.collectionId).size - sizes.length));
        return { ok: true, batchId, notice };
      }
    }
    const chosen = await readFromStore(ctx, shop, async (admin) => {
      if (input.mode === "products") {
        const { found, missing } = await chosenProducts(admin, [...new Set(input.productId)]);
        return { products: found, missing, title: productsTitle(found.map((p) => p.title)), truncated: false };
      }
      const products = new Map<string, CatalogProduct>();
      const titles: string[] = [];
      let missing = 0;
      let truncated = false;
      for (const id of new Set(input.collectionId)) {
        const collection = await collectionProducts(admin, id, MAX_BATCH_SIZE - products.size);
        if (!collection) {
          missing += 1;
          continue;
        }
        titles.push(collection.title);
        truncated ||= collection.truncated;
        for (const p of collection.products) products.set(p.id, p);
      }
      return { products: [...products.values()], missing, title: titles.join(", "), truncated };
    });

    if (input.mode === "collection" && chosen.title === "") {
      return { ok: false, errors: { collectionId: "That collection is no longer in your store" } };
    }
    const { items, withoutImage } = itemsFromProducts(chosen.products, surface.id);
    if (items.length === 0) {
      const why =
        chosen.products.length === 0
          ? "There are no products to make videos for."
          : "None of the chosen products has a product image to animate.";
      return { ok: false, errors: {}, formError: `${why} Nothing was created.` };
    }
    const created = await createBatch(ctx.db, ctx.queues, {
      shop,
      source: input.mode === "products" ? "picker" : "collection",
      title: await batchName(ctx.db, shop, chosen.title || productsTitle(items.map((i) => i.productTitle)), items.length),
      items,
      options,
      maxJobs: input.maxJobs,
    });
    const notice = new URLSearchParams();
    if (created.leftOut > 0) notice.set("leftOut", String(created.leftOut));
    if (withoutImage > 0) notice.set("withoutImage", String(withoutImage));
    if (chosen.missing > 0) notice.set("missing", String(chosen.missing));
    if (created.reusedCount > 0) notice.set("reused", String(created.reusedCount));
    if (chosen.truncated) notice.set("truncated", String(MAX_BATCH_SIZE));
    return { ok: true, batchId: created.batchId, notice };
  } catch (error) {
    if (error instanceof BatchInputError) return { ok: false, errors: {}, formError: error.message };
    if (error instanceof StoreUnavailableError) return { ok: false, errors: {}, formError: `${error.message} Nothing was created.` };
    throw error;
  }
}

export interface CatalogForGenerate {
  productPage: {
    products: CatalogProduct[];
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  } | null;
  collections: { id: string; title: string; productsCount: number }[] | null;
  /** Why the lists could not be read, in the merchant's words. */
  unavailable: string | null;
}

/** One page of the product list (`q`, `after`, `before`) and the collections (`cq`). */
export async function loadCatalogForGenerate(ctx: PipelineContext, shop: string, search: URLSearchParams): Promise<CatalogForGenerate> {
  try {
    return await readFromStore(ctx, shop, async (admin) => {
      const [page, collections] = await Promise.all([
        productListPage(admin, { search: search.get("q") ?? "", after: search.get("after"), before: search.get("before") }),
        collectionList(admin, search.get("cq") ?? ""),
      ]);
      return {
        productPage: {
          products: page.products,
          hasNextPage: page.pageInfo.hasNextPage,
          hasPreviousPage: page.pageInfo.hasPreviousPage ?? false,
          startCursor: page.pageInfo.startCursor ?? null,
          endCursor: page.pageInfo.endCursor,
        },
        collections,
        unavailable: null,
      };
    });
  } catch (error) {
    if (error instanceof StoreUnavailableError) return { productPage: null, collections: null, unavailable: error.message };
    throw error;
  }
}

/** Batch items for the products that have an image to animate; the others are counted, not rendered. */
function itemsFromProducts(products: CatalogProduct[], targetSurface: string): { items: BatchItem[]; withoutImage: number } {
  const items: BatchItem[] = [];
  for (const p of products) {
    if (!p.imageUrl) continue;
    items.push({ productId: p.id, productTitle: p.title, variantId: p.variantId, sku: p.sku, imageUrl: p.imageUrl, targetSurface });
  }
  return { items, withoutImage: products.length - items.length };
}
