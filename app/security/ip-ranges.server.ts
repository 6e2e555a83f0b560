// Which network addresses the app may connect to on behalf of data from
// outside. Only globally routable unicast passes: loopback, private,
// link-local, unique-local, carrier-grade NAT, multicast, unspecified and
// reserved ranges are refused, and so are IPv6 forms that carry an IPv4
// address inside (mapped, NAT64, 6to4, Teredo), which could reach those
// ranges by another spelling.
import ipaddr from "ipaddr.js";

/** Why the address may not be connected to (its range's name), or null when it may. */
export function refusedAddressRange(address: string, options: { allowLoopback?: boolean } = {}): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === "unicast") return null;
  if (range === "loopback" && options.allowLoopback) return null;
  return range;
}

/** The address a URL hostname names literally (URL keeps IPv6 in brackets), or null for a name. */
export function ipLiteralOf(hostname: string): string | null {
  const bare = hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}
