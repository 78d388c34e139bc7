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
    } else if (parseIp(bare)) {
      const addr = normalize(parseIp(bare) as Addr);
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

/**
 * Parses an IP literal. IPv6 goes through the WHATWG URL serializer first: ipaddr.js reads
 * any dotted tail as IPv4-mapped (it parses the IPv4-compatible "::127.0.0.1", really
 * ::7f00:1, as ::ffff:127.0.0.1), while the URL serializer gives the canonical hex form,
 * the same one the HTTP client sees for "http://[::127.0.0.1]/".
 */
function parseIp(text: string): Addr | null {
  const bare = stripBrackets(text);
  if (!bare.includes(":")) return ipaddr.IPv4.isValid(bare) ? ipaddr.IPv4.parse(bare) : null;
  let canonical: string;
  try {
    canonical = stripBrackets(new URL(`http://[${bare}]/`).hostname);
  } catch {
    return null;
  }
  return ipaddr.IPv6.isValid(canonical) ? ipaddr.IPv6.parse(canonical) : null;
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

const V6 = (cidr: string): [ipaddr.IPv6, number] => ipaddr.IPv6.parseCIDR(cidr);
/**
 * IPv6 ranges blocked whatever they carry: IPv4-compatible addresses (::/96, deprecated by
 * RFC 4291, which ipaddr.js calls plain "unicast") are routed to the IPv4 they carry by
 * some stacks (`[::127.0.0.1]` = `[::7f00:1]`), and the local-use NAT64 prefix
 * (64:ff9b:1::/48, RFC 8215) embeds its IPv4 wherever the local network chooses, so the
 * address cannot be read out reliably. `::` and `::1` keep their own, more precise labels.
 */
const EXTRA_V6_BLOCKS: Array<[[ipaddr.IPv6, number], string]> = [
  [V6("::/96"), "an IPv4-compatible IPv6 address (::/96, e.g. ::127.0.0.1)"],
  [V6("64:ff9b:1::/48"), "a local-use NAT64 address (64:ff9b:1::/48)"],
];
/** Everything outside global unicast 2000::/3 is unassigned or special-purpose (IANA). */
const GLOBAL_UNICAST_V6 = V6("2000::/3");

function labelOf(range: string): string {
  return RANGE_LABELS[range] ?? `a special-purpose address (${range})`;
}

function v6Reason(addr: ipaddr.IPv6): string | null {
  const range = addr.range();
  if (range === "unspecified" || range === "loopback") return labelOf(range);
  const extra = EXTRA_V6_BLOCKS.find(([[base, bits]]) => addr.match(base, bits));
  if (extra) return extra[1];
  // Forms that carry an IPv4 address are judged by that address (NAT64, 6to4).
  const inner = embeddedIPv4(addr);
  if (inner) return blockedReason(inner.toString());
  if (range !== "unicast") return labelOf(range);
  return addr.match(...GLOBAL_UNICAST_V6) ? null : "an IPv6 address outside global unicast (2000::/3)";
}

/** Why an address may not be reached, or null when it is public unicast. */
export function blockedReason(ip: string): string | null {
  const parsed = parseIp(ip);
  if (!parsed) return "not a valid IP address";
  const addr = normalize(parsed);
  if (addr.kind() === "ipv6") return v6Reason(addr as ipaddr.IPv6);
  const range = addr.range();
  return range === "unicast" ? null : labelOf(range);
}

export function isHostAllowListed(host: string, list: AllowList): boolean {
  const h = stripBrackets(host).toLowerCase().replace(/\.$/, "");
  return list.hosts.has(h) || list.suffixes.some((s) => h.endsWith(s));
}

export function isIpAllowListed(ip: string, list: AllowList): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  const addr = normalize(parsed);
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
