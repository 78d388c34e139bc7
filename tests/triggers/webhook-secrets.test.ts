import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { openSecret, resetSecretBoxForTests, sealSecret, SecretBoxError } from "@/server/security/secret-box";

/** The secret box: AES-256-GCM at rest, key from ENCRYPTION_KEY or generated once into DATA_DIR. */
function useEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  resetSecretBoxForTests();
}

afterEach(() => useEnv({ ENCRYPTION_KEY: undefined }));

describe("secret box", () => {
  it("round-trips, uses a fresh nonce per value and detects tampering and a different key", () => {
    useEnv({ ENCRYPTION_KEY: Buffer.alloc(32, 3).toString("base64") });
    const a = sealSecret("whsec_abc");
    const b = sealSecret("whsec_abc");
    expect(a).not.toBe(b);
    expect(a).not.toContain("abc");
    expect(openSecret(a)).toBe("whsec_abc");
    const parts = a.split(".");
    const flipped = Buffer.from(parts[2], "base64url");
    flipped[0] ^= 1;
    expect(() => openSecret([parts[0], parts[1], flipped.toString("base64url"), parts[3]].join("."))).toThrow(SecretBoxError);
    useEnv({ ENCRYPTION_KEY: "ab".repeat(32) });
    expect(() => openSecret(a)).toThrow(/cannot be decrypted/);
  });

  it("generates the key into DATA_DIR/encryption-key (0600) on first use and reuses it", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "switchyard-secret-box-"));
    useEnv({ ENCRYPTION_KEY: undefined, DATA_DIR: dir });
    const sealed = sealSecret("header-secret");
    const file = path.join(dir, "encryption-key");
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64")).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    resetSecretBoxForTests();
    expect(openSecret(sealed)).toBe("header-secret");
  });

  it("refuses a key that is not 32 bytes, saying how to write one", () => {
    useEnv({ ENCRYPTION_KEY: "too-short" });
    expect(() => sealSecret("x")).toThrow(/32 bytes, written as base64 \(44 characters\) or hex \(64 characters\)/);
  });
});
