// A product's picture, or an empty tile of the same size when it has none.
import { Box, Thumbnail } from "@shopify/polaris";

export function ProductThumbnail({ imageUrl, title }: { imageUrl: string | null; title: string }) {
  if (imageUrl) return <Thumbnail source={imageUrl} alt={title} size="small" />;
  return <Box background="bg-surface-secondary" borderRadius="200" minWidth="40px" minHeight="40px" aria-hidden />;
}
