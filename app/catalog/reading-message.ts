// What the merchant reads while a batch's products are still being read from the store.
import { formatCount } from "~/merchant-copy/format";

export function readingMessage(productCount: number): string {
  return productCount > 0 ? `Reading ${formatCount(productCount)} products from your store…` : "Reading your products from your store…";
}
