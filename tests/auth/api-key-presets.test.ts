import { describe, expect, it } from "vitest";
import { API_KEY_SCOPES as SERVER_SCOPES } from "@/server/auth/permissions";
import { API_KEY_SCOPES, SCOPE_PRESETS } from "@/components/api-keys/scopes";

describe("API key scope presets", () => {
  it('"Read only" holds every read scope (webhooks:read included) and no write scope', () => {
    const readOnly = SCOPE_PRESETS.find((p) => p.label === "Read only")!.scopes;
    expect(readOnly).toEqual(["automations:read", "schedules:read", "connections:read", "webhooks:read"]);
    expect(readOnly.every((s) => s.endsWith(":read"))).toBe(true);
    expect(SERVER_SCOPES.filter((s) => s.endsWith(":read")).every((s) => readOnly.includes(s))).toBe(true);
  });

  it('"Everything" holds every scope the server knows', () => {
    expect([...SCOPE_PRESETS.find((p) => p.label === "Everything")!.scopes].sort()).toEqual([...SERVER_SCOPES].sort());
    expect([...API_KEY_SCOPES].sort()).toEqual([...SERVER_SCOPES].sort());
  });
});
