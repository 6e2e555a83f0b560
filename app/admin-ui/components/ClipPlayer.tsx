// Plays a stored clip inline, with its poster frame before it starts. The
// file comes from the app's clip store through a signed link, so it plays
// inside the admin's frame and keeps playing after the provider's link expires.
import { isClipLink } from "./clip-link";

export function ClipPlayer({
  clipUrl,
  posterUrl,
  productTitle,
  aspectRatio,
}: {
  clipUrl: string | null;
  posterUrl: string | null;
  productTitle: string;
  aspectRatio: string;
}) {
  if (!isClipLink(clipUrl)) return null;
  return (
    <video
      controls
      preload="metadata"
      playsInline
      poster={isClipLink(posterUrl) ? posterUrl : undefined}
      src={clipUrl}
      aria-label={`Clip of ${productTitle} (${aspectRatio})`}
      style={{ width: "100%", height: "100%", objectFit: "contain", background: "#1a1a1a" }}
    >
      <track kind="captions" />
    </video>
  );
}
