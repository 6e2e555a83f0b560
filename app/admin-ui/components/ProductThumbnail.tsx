// A product's picture, or an empty tile of the same size when it has none (or
// when its address, from a CSV row or the catalog, is not a plain web address).
import { Box, Thumbnail } from "@shopify/polaris";
import { linkableUrl } from "~/security/web-address";

export function ProductThumbnail({ imageUrl, title }: { imageUrl: string | null; title: string }) {
  const source = linkableUrl(imageUrl);
  if (source) return <Thumbnail source={source} alt={title} size="small" />;
  return <Box background="bg-surface-secondary" borderRadius="200" minWidth="40px" minHeight="40px" aria-hidden />;
}
