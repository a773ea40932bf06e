// The shopper's IP address as the app proxy reports it, and its truncation for storage: receipts keep
// only a keyed hash of the /24 (IPv4) or /48 (IPv6) network, never the address itself.
import { isIPv4, isIPv6 } from "node:net";

/**
 * Shopify's proxy adds the shopper's address as the first X-Forwarded-For entry. Null when absent or
 * not an IP address: the caller then has no per-address limit to apply.
 */
export function clientIp(request: Request): string | null {
  const first = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "";
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(first);
  const ip = mapped ? mapped[1]! : first;
  return isIPv4(ip) || isIPv6(ip) ? ip : null;
}

function ipv6Groups(ip: string): string[] {
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded IPv4 tail (::1.2.3.4) counts as two groups; only the first three groups are kept anyway.
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(missing, 0)).fill("0"), ...right];
}

/** The network an address belongs to: a.b.c.0/24 for IPv4, the first three groups /48 for IPv6. */
export function truncatedNetwork(ip: string): string {
  if (isIPv4(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  const groups = ipv6Groups(ip.toLowerCase()).slice(0, 3).map((group) => group.replace(/^0+(?=.)/, ""));
  return `${groups.join(":")}::/48`;
}
