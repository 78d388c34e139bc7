import { describe, expect, it } from "vitest";
import { digestLabel, fromDraft, sameDraft, toDraft } from "./alert-draft";

describe("failure-alert form model", () => {
  it("round-trips settings and validates like the server", () => {
    const d = toDraft({ enabled: true, channels: { inApp: false, emails: ["a@x.io", "b@x.io"], subscriptionIds: ["s1"] }, digestMinutes: 15 });
    expect(d.emailsText).toBe("a@x.io\nb@x.io");
    expect(fromDraft({ ...d, emailsText: "a@x.io, b@x.io" })).toMatchObject({ error: null, settings: { channels: { emails: ["a@x.io", "b@x.io"] } } });
    expect(sameDraft(d, { ...d, emailsText: "a@x.io,b@x.io" })).toBe(true);
    expect(fromDraft({ ...d, emailsText: "a@x.io nope" }).error).toMatch(/^nope: not a valid email/);
    expect(fromDraft({ inApp: false, emailsText: "", subscriptionIds: [], digestMinutes: 0 }).error).toMatch(/at least one channel/);
    expect(fromDraft({ inApp: false, emailsText: "", subscriptionIds: [], digestMinutes: 0 }, false).error).toBeNull();
    expect(toDraft(null)).toMatchObject({ inApp: true, digestMinutes: 0 });
    expect([0, 15, 60, 180, 1440].map(digestLabel)).toEqual(["One message per failure", "Digest every 15 minutes", "Digest every hour", "Digest every 3 hours", "Digest once a day"]);
  });
});
