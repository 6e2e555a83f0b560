// A clip's poster frame (a JPEG the app made from the clip, served from its
// clip store), or the product photo while there is no clip yet.
import { Thumbnail } from "@shopify/polaris";
import { isClipLink } from "./clip-link";
import { ProductThumbnail } from "./ProductThumbnail";

export function ClipPoster({
  posterUrl,
  imageUrl,
  productTitle,
}: {
  posterUrl: string | null;
  imageUrl: string | null;
  productTitle: string;
}) {
  if (isClipLink(posterUrl)) return <Thumbnail source={posterUrl} alt={`A frame of the clip of ${productTitle}`} size="small" />;
  return <ProductThumbnail imageUrl={imageUrl} title={productTitle} />;
}
