// How big the chosen collections are, to pick the read: page by page inside
// the request, or a bulk operation in the background (catalog-reads.server.ts).
import type { AdminClient } from "~/shopify-admin/admin-client";
import { COLLECTION_SUMMARY } from "~/shopify-admin/operations";

export interface CollectionSize {
  id: string;
  title: string;
  productsCount: number;
}

/** The shop's collections among `ids` with their product counts; ids it does not have are left out. */
export async function collectionSizes(admin: AdminClient, ids: readonly string[]): Promise<CollectionSize[]> {
  const sizes: CollectionSize[] = [];
  for (const id of ids) {
    const data = await admin.request(COLLECTION_SUMMARY, { id });
    if (data.collection)
      sizes.push({ id: data.collection.id, title: data.collection.title, productsCount: data.collection.productsCount?.count ?? 0 });
  }
  return sizes;
}
