// The one rule for which photo a product's video starts from: the featured
// media when that is an image; when it is not (a video first, such as a clip
// this app put first), the product's first image. Every product read asks for
// `featuredMedia { ... on MediaImage { image { url } } }` and then lets
// withFirstImages fill in the rest, or firstImageUrl when it already has the
// product's media.
import type { AdminClient } from "~/shopify-admin/admin-client";

/**
 * A product's featured media: its first media of any kind. Only an image
 * carries `image`; a video first (such as a clip this app put first) comes
 * back as an empty object.
 */
export type FeaturedMedia = { image?: { url: string } | null } | null;

// 5 points per product; asked in chunks of FIRST_IMAGES_CHUNK, only for
// products whose featured media is not an image.
export const FIRST_PRODUCT_IMAGES = /* GraphQL */ `
  #graphql
  query FirstProductImages($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        media(first: 1, query: "media_type:IMAGE") {
          nodes {
            ... on MediaImage {
              image {
                url
              }
            }
          }
        }
      }
    }
  }
`;

const FIRST_IMAGES_CHUNK = 100;

export function featuredImageUrl(featuredMedia: FeaturedMedia | undefined): string | null {
  return featuredMedia?.image?.url ?? null;
}

/** The rule's second half: the first image among a product's media (in the product's order), or null. */
export function firstImageUrl(media: readonly NonNullable<FeaturedMedia>[]): string | null {
  return media.find((m) => m.image?.url)?.image?.url ?? null;
}

interface FirstImagesData {
  nodes: ({ id?: string; media?: { nodes: { image?: { url: string } | null }[] } } | null)[];
}

/** Fills in `imageUrl` with the first image of each product whose featured media is not one; a product with no image keeps null. */
export async function withFirstImages<T extends { id: string; imageUrl: string | null }>(admin: AdminClient, products: T[]): Promise<T[]> {
  const missing = products.filter((p) => !p.imageUrl);
  for (let i = 0; i < missing.length; i += FIRST_IMAGES_CHUNK) {
    const chunk = missing.slice(i, i + FIRST_IMAGES_CHUNK);
    const data = await admin.request<FirstImagesData>(FIRST_PRODUCT_IMAGES, { ids: chunk.map((p) => p.id) });
    const urls = new Map<string, string>();
    for (const node of data.nodes) {
      const url = node?.media && firstImageUrl(node.media.nodes);
      if (node?.id && url) urls.set(node.id, url);
    }
    for (const product of chunk) product.imageUrl = urls.get(product.id) ?? null;
  }
  return products;
}
