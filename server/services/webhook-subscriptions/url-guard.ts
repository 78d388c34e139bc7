import dns from "node:dns/promises";
import net from "node:net";
import { env } from "@/server/env";
import { blockedReason, isHostAllowListed, isIpAllowListed, parseAllowList } from "@/server/integrations/http";
import { AppError } from "@/server/services/errors";

/**
 * Create/update-time check of a subscription URL with the same SSRF policy the
 * delivery client enforces (server/integrations/http): http(s) only, no
 * credentials in the URL, and the host must not be (or resolve to) a private,
 * loopback or otherwise internal address unless HTTP_ALLOWLIST names it. A host
 * that does not resolve now is accepted (DNS may change); every delivery checks again.
 */
const LOOKUP_TIMEOUT_MS = 2_000;

function bad(message: string): AppError {
  return new AppError("BAD_REQUEST", message, { issues: [{ field: "url", message }] });
}

export async function assertDeliverableUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad(`url: "${raw.slice(0, 200)}" is not an absolute URL; use https://…`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw bad(`url: only http:// and https:// URLs can receive webhooks (got ${url.protocol})`);
  if (url.username || url.password) throw bad("url: credentials in the URL are not allowed; the signature authenticates deliveries");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const list = parseAllowList(env().HTTP_ALLOWLIST);
  if (isHostAllowListed(host, list)) return url.toString();
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      const found = await Promise.race([
        dns.lookup(host, { all: true }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), LOOKUP_TIMEOUT_MS).unref()),
      ]);
      addresses = found.map((a) => a.address);
    } catch {
      return url.toString();
    }
  }
  for (const ip of addresses) {
    if (isIpAllowListed(ip, list)) continue;
    const reason = blockedReason(ip);
    if (reason) {
      throw bad(`url: ${host} ${ip === host ? "is" : `resolves to ${ip},`} ${reason}; webhooks are delivered only to public addresses (an operator can allow a host or range with HTTP_ALLOWLIST)`);
    }
  }
  return url.toString();
}
