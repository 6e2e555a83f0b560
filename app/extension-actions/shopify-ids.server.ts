// Shopify ids as the extensions send them: a global id from the admin's
// selection ("gid://shopify/Product/123") or its number, in a URL segment.
import { z } from "zod";

function gidSchema(type: "Product" | "Collection") {
  const pattern = new RegExp(`^(?:gid://shopify/${type}/)?(\\d{1,20})$`);
  const noun = type.toLowerCase();
  return z
    .string({ message: `Choose a ${noun}.` })
    .trim()
    .regex(pattern, `That is not a Shopify ${noun} id.`)
    .transform((value) => `gid://shopify/${type}/${pattern.exec(value)![1]}`);
}

export const productGidSchema = gidSchema("Product");
export const collectionGidSchema = gidSchema("Collection");
