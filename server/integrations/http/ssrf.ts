import ipaddr from "ipaddr.js";
import { fatal, type StepError } from "@/server/engine/contract";

/**
 * SSRF policy for outbound HTTP steps: only public unicast addresses may be reached,
 * unless the host, IP or a CIDR containing the IP is on HTTP_ALLOWLIST.
 */

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

export interface AllowList {
  /** Lower-case host names; "*.example.com" entries are kept as ".example.com" suffixes. */
  hosts: Set<string>;
  suffixes: string[];
  ranges: Array<[Addr, number]>;
}

export const ALLOWED_SCHEMES = ["http:", "https:"] as const;

const RANGE_LABELS: Record<string, string> = {
  unspecified: "an unspecified address (0.0.0.0 / ::)",
  broadcast: "the broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (169.254.0.0/16, fe80::/10, including cloud metadata 169.254.169.254)",
  loopback: "a loopback address (127.0.0.0/8, ::1)",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  private: "a private network address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)",
  uniqueLocal: "a unique-local IPv6 address (fc00::/7)",
  reserved: "a reserved address",
  discard: "a discard-only IPv6 address",
  teredo: "a Teredo tunnel address",
  benchmarking: "a benchmarking address",
};

function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** Parses "host, 10.0.0.0/8, 127.0.0.1, *.corp.example" into an allow-list; invalid entries are reported. */
export function parseAllowList(raw: string): AllowList & { invalid: string[] } {
  const list: AllowList & { invalid: string[] } = { hosts: new Set(), suffixes: [], ranges: [], invalid: [] };
  for (const entry of raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const bare = stripBrackets(entry);
    if (bare.includes("/")) {
      try {
        const [addr, bits] = ipaddr.parseCIDR(bare);
        list.ranges.push([normalize(addr), addr.kind() === "ipv6" && normalize(addr).kind() === "ipv4" ? Math.max(0, bits - 96) : bits]);
      } catch {
        list.invalid.push(entry);
      }
    } else if (ipaddr.isValid(bare)) {
      const addr = normalize(ipaddr.parse(bare));
      list.ranges.push([addr, addr.kind() === "ipv4" ? 32 : 128]);
    } else if (entry.startsWith("*.")) {
      list.suffixes.push(entry.slice(1));
    } else if (/^[a-z0-9.-]+$/.test(entry)) {
      list.hosts.add(entry.replace(/\.$/, ""));
    } else {
      list.invalid.push(entry);
    }
  }
  return list;
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) becomes the IPv4 address it carries. */
function normalize(addr: Addr): Addr {
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address();
  return addr;
}

/** IPv4 embedded in NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses, which route to that IPv4. */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = addr.range();
  const b = addr.toByteArray();
  if (range === "rfc6052") return new ipaddr.IPv4(b.slice(12, 16));
  if (range === "6to4") return new ipaddr.IPv4(b.slice(2, 6));
  return null;
}

/** Why an address may not be reached, or null when it is public unicast. */
export function blockedReason(ip: string): string | null {
  const bare = stripBrackets(ip);
  if (!ipaddr.isValid(bare)) return "not a valid IP address";
  const addr = normalize(ipaddr.parse(bare));
  if (addr.kind() === "ipv6") {
    const inner = embeddedIPv4(addr as ipaddr.IPv6);
    if (inner) return blockedReason(inner.toString());
  }
  const range = addr.range();
  if (range === "unicast") return null;
  return RANGE_LABELS[range] ?? `a special-purpose address (${range})`;
}

export function isHostAllowListed(host: string, list: AllowList): boolean {
  const h = stripBrackets(host).toLowerCase().replace(/\.$/, "");
  return list.hosts.has(h) || list.suffixes.some((s) => h.endsWith(s));
}

export function isIpAllowListed(ip: string, list: AllowList): boolean {
  const bare = stripBrackets(ip);
  if (!ipaddr.isValid(bare)) return false;
  const addr = normalize(ipaddr.parse(bare));
  return list.ranges.some(([base, bits]) => base.kind() === addr.kind() && addr.match(base, bits));
}

export function ssrfError(host: string, ip: string, reason: string): StepError {
  const target = host === ip ? ip : `${host} (${ip})`;
  return fatal(
    `Blocked request to ${target}: ${reason} is not reachable from HTTP steps. ` +
      `To allow it, add "${ip}" or "${host}" (or a CIDR such as 10.0.0.0/8) to HTTP_ALLOWLIST on the server.`,
    "SSRF_BLOCKED",
    { host, ip, reason },
  );
}

/** Throws SSRF_BLOCKED unless `ip` (resolved from `host`) may be contacted. */
export function assertAddressAllowed(host: string, ip: string, list: AllowList): void {
  if (isHostAllowListed(host, list) || isIpAllowListed(ip, list)) return;
  const reason = blockedReason(ip);
  if (reason) throw ssrfError(stripBrackets(host), stripBrackets(ip), reason);
}

/** Throws unless the URL uses http(s). */
export function assertSchemeAllowed(url: URL): void {
  if (!(ALLOWED_SCHEMES as readonly string[]).includes(url.protocol)) {
    throw fatal(`Blocked request to ${url.protocol}// URL: only http:// and https:// URLs are allowed`, "SSRF_BLOCKED", { url: url.toString() });
  }
}
