// The rule for a product photo's address that came from outside (a CSV
// manifest row). The address is sent to the video provider, which fetches it,
// and shown to the merchant as an image, so it must name a public https host:
// no IP literal (in any spelling: 2130706433 and 0x7f.1 are 127.0.0.1), no
// name that only resolves inside a network, no credentials. A name is not
// resolved here: what it resolves to is checked when the app itself fetches
// (outbound-fetch.server.ts).
import { ipLiteralOf } from "./ip-ranges.server";

/** Names reserved for local networks: RFC 6761 (localhost), RFC 6762 (local), RFC 8375 (home.arpa), ICANN 2024 (internal). */
const LOCAL_NAME_SUFFIXES = ["localhost", "local", "internal", "home.arpa"];

/** Why the address cannot be a product photo's, in the import report's words, or null when it can. */
export function imageAddressProblem(value: string): string | null {
  if (value === "") return "image_url is empty";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "image_url is not a web address (it should start with https://)";
  }
  if (url.protocol === "http:") return "image_url must start with https:// (the video provider fetches only secure addresses)";
  if (url.protocol !== "https:") return "image_url is not a web address (it should start with https://)";
  if (url.username || url.password) return "image_url contains a user name or password; use an address anyone can open";
  if (ipLiteralOf(url.hostname) !== null) return `image_url names an IP address (${url.hostname}); use the photo's public web address`;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (!host.includes(".") || LOCAL_NAME_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    return `image_url names a private network host (${url.hostname}); use the photo's public web address`;
  }
  return null;
}
