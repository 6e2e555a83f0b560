// "Watch clip": a link to the finished clip's file. The URL came from the
// video provider, so it is rendered only when it is a plain web address; a
// stored javascript: or data: URL renders nothing.
import { Link } from "@shopify/polaris";
import { linkableUrl } from "~/security/web-address";

export function WatchClipLink({ url }: { url: string | null }) {
  const href = linkableUrl(url);
  return href ? (
    <Link url={href} external>
      Watch clip
    </Link>
  ) : null;
}
