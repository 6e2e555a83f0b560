// "Watch clip": a link to the finished clip in the app's clip store (never
// the provider's URL, which expires). Only the app's own clip links render.
import { Link } from "@shopify/polaris";
import { isClipLink } from "./clip-link";

export function WatchClipLink({ url }: { url: string | null }) {
  const href = isClipLink(url) ? url : null;
  return href ? (
    <Link url={href} external>
      Watch clip
    </Link>
  ) : null;
}
