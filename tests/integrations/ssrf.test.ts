import { describe, expect, it } from "vitest";
import { StepError } from "@/server/engine/contract";
import { assertAddressAllowed, blockedReason, createHttpClient, parseAllowList } from "@/server/integrations/http";

const empty = parseAllowList("");

describe("SSRF address policy", () => {
  const blocked: Array<[string, RegExp]> = [
    ["127.0.0.1", /loopback/],
    ["127.255.0.9", /loopback/],
    ["::1", /loopback/],
    ["10.0.0.1", /private/],
    ["10.255.255.255", /private/],
    ["172.16.0.1", /private/],
    ["172.31.255.254", /private/],
    ["192.168.1.10", /private/],
    ["169.254.169.254", /link-local.*metadata/],
    ["169.254.0.1", /link-local/],
    ["fe80::1", /link-local/],
    ["fc00::1", /unique-local/],
    ["fd12:3456::1", /unique-local/],
    ["0.0.0.0", /unspecified/],
    ["::", /unspecified/],
    ["224.0.0.1", /multicast/],
    ["239.255.255.250", /multicast/],
    ["ff02::1", /multicast/],
    ["100.64.0.1", /carrier-grade NAT/],
    ["100.127.255.254", /carrier-grade NAT/],
    ["255.255.255.255", /broadcast/],
    ["240.0.0.1", /reserved/],
    ["::ffff:127.0.0.1", /loopback/],
    ["::ffff:10.1.2.3", /private/],
    ["::ffff:169.254.169.254", /link-local/],
    ["[::ffff:192.168.0.1]", /private/],
    ["64:ff9b::a00:1", /private/],
    ["2002:7f00:1::", /loopback/],
    // IPv4-compatible IPv6 (::/96), in every spelling; ipaddr.js alone reads the dotted
    // form as IPv4-mapped, and would let "::8.8.8.8"-style literals through as public.
    ["::127.0.0.1", /IPv4-compatible/],
    ["[::127.0.0.1]", /IPv4-compatible/],
    ["::7f00:1", /IPv4-compatible/],
    ["::a00:1", /IPv4-compatible/],
    ["::169.254.169.254", /IPv4-compatible/],
    ["::8.8.8.8", /IPv4-compatible/],
    // other IPv6 forms that embed an IPv4 address
    ["64:ff9b::7f00:1", /loopback/],
    ["64:ff9b::169.254.169.254", /link-local/],
    ["64:ff9b:1::a00:1", /local-use NAT64/],
    ["64:ff9b:1::808:808", /local-use NAT64/],
    ["2002:a00:1::1", /private/],
    ["2002:a9fe:a9fe::", /link-local/],
    ["2002:c0a8:101::1", /private/],
    ["::ffff:0:7f00:1", /special-purpose/],
    ["2001::1", /Teredo/],
    // outside global unicast 2000::/3
    ["4000::1", /outside global unicast/],
    ["fec0::1", /special-purpose/],
  ];
  it.each(blocked)("blocks %s", (ip, reason) => {
    expect(blockedReason(ip)).toMatch(reason);
    let thrown: unknown;
    try {
      assertAddressAllowed(ip, ip, empty);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(StepError);
    const err = thrown as StepError;
    expect(err.code).toBe("SSRF_BLOCKED");
    expect(err.retryable).toBe(false);
    expect(err.message).toContain("HTTP_ALLOWLIST");
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"])("allows public %s", (ip) => {
    expect(blockedReason(ip)).toBeNull();
    expect(() => assertAddressAllowed(ip, ip, empty)).not.toThrow();
  });

  it("allow-lists an IPv4-compatible address only when listed as itself", () => {
    const list = parseAllowList("::7f00:1");
    expect(() => assertAddressAllowed("x", "::127.0.0.1", list)).not.toThrow();
    // 127.0.0.1 on the list does not open its IPv4-compatible twin (it is not the same address).
    expect(() => assertAddressAllowed("x", "::127.0.0.1", parseAllowList("127.0.0.1"))).toThrow(/IPv4-compatible/);
  });

  it("honours hosts, IPs and CIDRs on the allow-list", () => {
    const list = parseAllowList(" internal.example , 127.0.0.1, 10.0.0.0/8, *.corp.example, fd00::/8, bad entry ");
    expect(list.invalid).toEqual(["bad entry"]);
    expect(() => assertAddressAllowed("127.0.0.1", "127.0.0.1", list)).not.toThrow();
    expect(() => assertAddressAllowed("x", "::ffff:127.0.0.1", list)).not.toThrow();
    expect(() => assertAddressAllowed("db", "10.9.8.7", list)).not.toThrow();
    expect(() => assertAddressAllowed("internal.example", "192.168.0.5", list)).not.toThrow();
    expect(() => assertAddressAllowed("api.corp.example", "192.168.0.6", list)).not.toThrow();
    expect(() => assertAddressAllowed("v6", "fd00::5", list)).not.toThrow();
    expect(() => assertAddressAllowed("other", "192.168.0.5", list)).toThrow(/192\.168\.0\.5/);
    expect(() => assertAddressAllowed("other", "127.0.0.2", list)).toThrow(/loopback/);
  });

  it("names the host and the address in the message", () => {
    expect(() => assertAddressAllowed("metadata.internal", "169.254.169.254", empty)).toThrow(
      /Blocked request to metadata\.internal \(169\.254\.169\.254\).*add "169\.254\.169\.254" or "metadata\.internal"/,
    );
  });
});

describe("SSRF guard in the client", () => {
  const client = createHttpClient({ allowList: "" });
  const code = async (url: string) => {
    try {
      await client.request({ method: "GET", url, timeoutMs: 2000 });
    } catch (e) {
      return (e as StepError).code;
    }
    return "NO_ERROR";
  };

  it("blocks a host name that resolves to 127.0.0.1 (localhost)", async () => {
    const err = await client.request({ method: "GET", url: "http://localhost:9/", timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepError);
    expect((err as StepError).code).toBe("SSRF_BLOCKED");
    expect((err as StepError).message).toMatch(/localhost \((127\.0\.0\.1|::1)\)/);
  });

  it("blocks IP literals and their alternative spellings", async () => {
    for (const url of [
      "http://127.0.0.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/",
      "http://[::ffff:127.0.0.1]/",
      "http://[::127.0.0.1]/",
      "http://[::7f00:1]/",
      "http://[0:0:0:0:0:0:127.0.0.1]:8080/",
      "http://[64:ff9b::127.0.0.1]/",
      "http://[2002:7f00:1::1]/",
      "http://2130706433/",
      "http://0x7f.0.0.1/",
      "http://0/",
      "http://10.0.0.1:8080/",
      "https://192.168.0.1/",
    ]) {
      expect(await code(url), url).toBe("SSRF_BLOCKED");
    }
  });

  it("blocks non-http schemes and invalid URLs", async () => {
    expect(await code("file:///etc/passwd")).toBe("SSRF_BLOCKED");
    expect(await code("ftp://example.com/")).toBe("SSRF_BLOCKED");
    expect(await code("gopher://127.0.0.1:6379/_FLUSHALL")).toBe("SSRF_BLOCKED");
    expect(await code("not a url")).toBe("HTTP_INVALID_URL");
  });
});
