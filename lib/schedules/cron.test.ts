import { describe, expect, it } from "vitest";
import { checkCron, countFiresUntil, describeCron, isValidTimezone, latestFireAtOrBefore, nextFireTimes, remainingOccurrences } from "./cron";
import { cronToForm, formToCron } from "./structured";
import { specFromConfig } from "./spec";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("next fire times across DST", () => {
  it("Europe/Berlin: 09:00 daily keeps local time across the March change (UTC shifts by an hour)", () => {
    const times = nextFireTimes("0 9 * * *", "Europe/Berlin", 4, new Date("2026-03-27T00:00:00Z"));
    expect(iso(times)).toEqual(["2026-03-27T08:00:00.000Z", "2026-03-28T08:00:00.000Z", "2026-03-29T07:00:00.000Z", "2026-03-30T07:00:00.000Z"]);
  });

  it("Europe/Berlin: 02:30 does not exist on 29 March: it fires once at the first valid time after the gap", () => {
    const times = nextFireTimes("30 2 * * *", "Europe/Berlin", 3, new Date("2026-03-28T00:00:00Z"));
    expect(iso(times)).toEqual(["2026-03-28T01:30:00.000Z", "2026-03-29T01:00:00.000Z", "2026-03-30T00:30:00.000Z"]);
  });

  it("Europe/Berlin: 02:30 happens twice on 25 October: it fires once", () => {
    const times = nextFireTimes("30 2 * * *", "Europe/Berlin", 3, new Date("2026-10-24T00:00:00Z"));
    expect(iso(times)).toEqual(["2026-10-24T00:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z"]);
  });

  it("America/New_York: 09:00 daily across the March 8 and November 1 changes", () => {
    expect(iso(nextFireTimes("0 9 * * *", "America/New_York", 2, new Date("2026-03-07T00:00:00Z")))).toEqual(["2026-03-07T14:00:00.000Z", "2026-03-08T13:00:00.000Z"]);
    expect(iso(nextFireTimes("0 9 * * *", "America/New_York", 2, new Date("2026-10-31T00:00:00Z")))).toEqual(["2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z"]);
  });

  it("America/New_York: 02:15 is skipped on March 8 only as a wall-clock time (fires right after the gap), 01:30 fires once on November 1", () => {
    expect(iso(nextFireTimes("15 2 * * *", "America/New_York", 2, new Date("2026-03-07T12:00:00Z")))).toEqual(["2026-03-08T07:00:00.000Z", "2026-03-09T06:15:00.000Z"]);
    expect(iso(nextFireTimes("30 1 * * *", "America/New_York", 3, new Date("2026-10-31T00:00:00Z")))).toEqual([
      "2026-10-31T05:30:00.000Z",
      "2026-11-01T05:30:00.000Z",
      "2026-11-02T06:30:00.000Z",
    ]);
  });

  it("interval schedules stay evenly spaced in real time through the autumn hour", () => {
    const times = nextFireTimes("*/30 * * * *", "America/New_York", 6, new Date("2026-11-01T04:40:00Z"));
    const gaps = times.slice(1).map((t, i) => (t.getTime() - times[i].getTime()) / 60_000);
    expect(gaps).toEqual([30, 30, 30, 30, 30]);
  });

  it("respects end_at and the runs left", () => {
    const after = new Date("2026-01-01T00:00:00Z");
    expect(nextFireTimes("0 * * * *", "UTC", 5, after, { endAt: new Date("2026-01-01T03:00:00Z") })).toHaveLength(2);
    expect(nextFireTimes("0 * * * *", "UTC", 5, after, { remaining: 3 })).toHaveLength(3);
    expect(nextFireTimes("0 * * * *", "UTC", 5, after, { remaining: 0 })).toHaveLength(0);
    expect(countFiresUntil("0 * * * *", "UTC", after, new Date("2026-01-02T00:00:00Z"))).toEqual({ count: 23, capped: false });
    expect(remainingOccurrences({ cron: "0 * * * *", timezone: "UTC", maxRuns: 10, fireCount: 4 }, after)).toEqual({ count: 6, capped: false });
    expect(remainingOccurrences({ cron: "0 * * * *", timezone: "UTC", fireCount: 0 }, after)).toBeNull();
  });

  it("finds the latest missed time", () => {
    const from = new Date("2026-01-01T00:00:00Z");
    expect(latestFireAtOrBefore("* * * * *", "UTC", from, new Date("2026-01-01T00:03:30Z"))?.toISOString()).toBe("2026-01-01T00:03:00.000Z");
    expect(latestFireAtOrBefore("0 * * * *", "UTC", new Date("2026-01-01T01:00:00Z"), new Date("2026-01-01T00:30:00Z"))).toBeNull();
  });
});

describe("validation and description", () => {
  it("names the field, why, and what is allowed", () => {
    expect(checkCron("61 * * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/minute "61" is invalid.*allowed: 0-59/) });
    expect(checkCron("0 25 * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/hour "25".*0-23/) });
    expect(checkCron("0 9 * * FUNDAY")).toMatchObject({ ok: false, message: expect.stringMatching(/day of week "FUNDAY"/) });
    expect(checkCron("* * * *")).toMatchObject({ ok: false, message: expect.stringMatching(/exactly 5 fields.*got 4/) });
    expect(checkCron("0 0 31 2 *")).toMatchObject({ ok: false, message: expect.stringMatching(/never matches/) });
    expect(checkCron("")).toMatchObject({ ok: false, message: expect.stringMatching(/cron is required/) });
    expect(checkCron("  0  9 * *   1-5 ")).toEqual({ ok: true, cron: "0 9 * * 1-5" });
  });

  it("knows IANA zones", () => {
    expect(isValidTimezone("Europe/Berlin")).toBe(true);
    expect(isValidTimezone("UTC")).toBe(true);
    expect(isValidTimezone("Mars/Olympus_Mons")).toBe(false);
    expect(specFromConfig({ mode: "cron", cron: "0 9 * * *", timezone: "Mars/Olympus_Mons" })).toMatchObject({
      ok: false,
      issues: [{ field: "timezone", message: expect.stringMatching(/not an IANA time zone/) }],
    });
  });

  it("describes crons in words", () => {
    expect(describeCron("0 9 * * 1-5")).toBe("At 09:00, Monday through Friday");
    expect(describeCron("*/15 * * * *")).toBe("Every 15 minutes");
    expect(describeCron("nope")).toBeNull();
  });
});

describe("structured form ↔ cron", () => {
  it("weekly time and days", () => {
    expect(formToCron({ mode: "weekly", time: "09:05", days: ["mon", "tue", "wed", "thu", "fri"] })).toEqual({ ok: true, cron: "5 9 * * 1-5" });
    expect(formToCron({ mode: "weekly", time: "18:00", days: ["sun", "sat", "mon", "tue", "wed", "thu", "fri"] })).toEqual({ ok: true, cron: "0 18 * * *" });
    expect(formToCron({ mode: "weekly", time: "07:30", days: ["mon", "wed"] })).toEqual({ ok: true, cron: "30 7 * * 1,3" });
    expect(formToCron({ mode: "weekly", time: "25:00", days: ["mon"] })).toMatchObject({ ok: false, field: "time" });
    expect(formToCron({ mode: "weekly", time: "09:00", days: [] })).toMatchObject({ ok: false, field: "days" });
  });

  it("intervals", () => {
    expect(formToCron({ mode: "interval", every: 15, unit: "minutes" })).toEqual({ ok: true, cron: "*/15 * * * *" });
    expect(formToCron({ mode: "interval", every: 6, unit: "hours" })).toEqual({ ok: true, cron: "0 */6 * * *" });
    expect(formToCron({ mode: "interval", every: 7, unit: "minutes" })).toMatchObject({ ok: false, field: "every", message: expect.stringMatching(/one of 1, 2/) });
  });

  it("round-trips the forms it can show", () => {
    for (const cron of ["5 9 * * 1-5", "0 18 * * *", "30 7 * * 1,3", "*/15 * * * *", "0 */6 * * *", "0 * * * *"]) {
      const form = cronToForm(cron);
      expect(form, cron).not.toBeNull();
      expect(formToCron(form!)).toEqual({ ok: true, cron });
    }
    expect(cronToForm("0 9 1 * *")).toBeNull();
    expect(cronToForm("*/7 * * * *")).toBeNull();
  });
});

describe("schedule node config", () => {
  it("reports timetable problems on the field they belong to (publish is blocked by them)", async () => {
    const { validateNodeConfig } = await import("../nodes/config");
    const { scheduleNode } = await import("../nodes/catalog/schedule");
    const issues = (config: Record<string, unknown>) => validateNodeConfig(scheduleNode, { ...scheduleNode.defaultConfig, ...config }).issues;
    expect(issues({})).toEqual([]);
    expect(issues({ mode: "cron", cron: "61 * * * *" })).toEqual([{ field: "cron", message: expect.stringMatching(/minute "61" is invalid/) }]);
    expect(issues({ timezone: "Nowhere/City" })).toEqual([{ field: "timezone", message: expect.stringMatching(/not an IANA time zone/) }]);
    expect(issues({ mode: "weekly", days: [] })).toEqual([{ field: "days", message: expect.stringMatching(/at least one day/) }]);
    expect(scheduleNode.summarize(scheduleNode.configSchema.parse({ ...scheduleNode.defaultConfig, timezone: "Europe/Berlin" }))).toBe("At 09:00, Monday through Friday (Europe/Berlin)");
  });
});
