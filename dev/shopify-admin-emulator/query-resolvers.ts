// The QueryRoot fields the app uses: shop, node, nodes, product, products,
// collection, collections (by title words or ids), productVariants (searched by SKU),
// and its bulk operations (bulkOperation, bulkOperations, and the deprecated currentBulkOperation). Ids of another shop's records
// resolve to null, as they do on Shopify.
import { GraphQLError } from "graphql";
import type { CollectionRecord, MediaRecord, ProductRecord } from "./catalog";
import { connection, type ConnectionArgs } from "./connection";
import type { RequestContext } from "./context";
import { parseGid } from "./ids";
import { bulkStatusesOf, collectionIdsOf, matchesWords, skusOf } from "./search";
import { filesConnection, shopWithPlanView } from "./store-limits-views";
import { collectionView, mediaView, productView, shopView, variantView } from "./views";

export function queryRoot(ctx: RequestContext) {
  return {
    shop: () => shopWithPlanView(ctx),
    node: ({ id }: { id: string }) => nodeById(ctx, id),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => nodeById(ctx, id)),
    product: ({ id }: { id: string }) => {
      const product = productOf(ctx, id);
      return product ? productView(ctx, product) : null;
    },
    collection: ({ id }: { id: string }) => {
      const ref = globalId(id);
      const collection = ref.type === "Collection" ? ctx.catalog.collections.get(ref.id) : undefined;
      return collection?.shop === ctx.shop.domain ? collectionView(ctx, collection) : null;
    },
    products: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null }) => {
      const products = ctx.catalog
        .productsOf(ctx.shop.domain)
        .filter((p) => matchesWords(args.query, [p.title, ...p.variants.map((v) => v.sku)]));
      return connection(
        sorted(products, args.sortKey),
        args,
        (p) => p.id,
        (p) => productView(ctx, p),
      );
    },
    collections: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null }) => {
      const ids = collectionIdsOf(args.query);
      const collections = ctx.catalog
        .collectionsOf(ctx.shop.domain)
        .filter((c) => (ids ? ids.includes(c.id) : matchesWords(args.query, [c.title])));
      return connection(
        sorted(collections, args.sortKey),
        args,
        (c) => c.id,
        (c) => collectionView(ctx, c),
      );
    },
    currentBulkOperation: ({ type }: { type?: string | null }) => ctx.bulk.current(ctx, type),
    bulkOperations: (args: ConnectionArgs & { query?: string | null; sortKey?: string | null }) =>
      connection(
        ctx.bulk.list(ctx, bulkStatusesOf(args.query), args.sortKey),
        args,
        (op) => op.id,
        (op) => op.view,
      ),
    bulkOperation: ({ id }: { id: string }) => ctx.bulk.byId(ctx, id),
    currentAppInstallation: () => ctx.billing.installation(ctx),
    files: (args: ConnectionArgs & { query?: string | null }) => filesConnection(ctx, args),
    productVariants: (args: ConnectionArgs & { query?: string | null }) => {
      const variants = args.query
        ? ctx.catalog.variantsWithSkus(ctx.shop.domain, skusOf(args.query))
        : ctx.catalog.productsOf(ctx.shop.domain).flatMap((p) => p.variants);
      return connection(
        variants,
        args,
        (v) => v.id,
        (v) => variantView(ctx, v),
      );
    },
  };
}

/** The shop's product with this gid, or undefined (unknown, deleted, or another shop's). */
export function productOf(ctx: RequestContext, id: string): ProductRecord | undefined {
  const ref = globalId(id);
  const product = ref.type === "Product" ? ctx.catalog.products.get(ref.id) : undefined;
  return product?.shop === ctx.shop.domain ? product : undefined;
}

/** The shop's media (a file: MediaImage or Video) with this gid, on a product or not, or undefined. */
export function mediaOf(ctx: RequestContext, id: string): MediaRecord | undefined {
  const ref = parseGid(id);
  const media = ref ? ctx.catalog.media.get(ref.id) : undefined;
  if (!media || !ref || ref.type !== (media.kind === "IMAGE" ? "MediaImage" : "Video")) return undefined;
  return media.shop === ctx.shop.domain ? media : undefined;
}

function nodeById(ctx: RequestContext, id: string) {
  const ref = globalId(id);
  switch (ref.type) {
    case "Product": {
      const product = productOf(ctx, id);
      return product ? productView(ctx, product) : null;
    }
    case "ProductVariant": {
      const variant = ctx.catalog.variants.get(ref.id);
      return variant && ctx.catalog.products.get(variant.productId)?.shop === ctx.shop.domain ? variantView(ctx, variant) : null;
    }
    case "Collection": {
      const collection = ctx.catalog.collections.get(ref.id);
      return collection?.shop === ctx.shop.domain ? collectionView(ctx, collection) : null;
    }
    case "MediaImage":
    case "Video": {
      const media = mediaOf(ctx, id);
      return media ? mediaView(ctx, media) : null;
    }
    case "Shop":
      return ref.id === ctx.shop.id ? shopView(ctx) : null;
    default:
      return null;
  }
}

function globalId(id: string): { type: string; id: number } {
  const ref = parseGid(id);
  if (!ref)
    throw new GraphQLError(`Invalid global id '${id}'`, {
      extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
    });
  return ref;
}

/** Records in a sort the emulator models: ID (creation order, Shopify's default) or TITLE. */
function sorted<T extends ProductRecord | CollectionRecord>(records: T[], sortKey: string | null | undefined): T[] {
  if (!sortKey || sortKey === "ID") return records;
  if (sortKey === "TITLE") return [...records].sort((a, b) => a.title.localeCompare(b.title) || a.id - b.id);
  throw new GraphQLError(`The Admin API emulator sorts by ID or TITLE only, not ${sortKey}`, {
    extensions: { code: "EMULATOR_UNSUPPORTED_SORT" },
  });
}
