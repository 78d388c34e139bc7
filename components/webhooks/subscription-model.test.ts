import { describe, expect, it } from "vitest";
import { PLATFORM_EVENT_TYPES } from "@/lib/platform-events/catalog";
import { attemptOutcome, eventGroups, eventsInput, subscriptionState, urlProblem } from "./subscription-model";

describe("event subscription UI model", () => {
  it("groups every catalog event exactly once by its prefix, in catalog order", () => {
    const groups = eventGroups();
    expect(groups.map((g) => g.label)).toEqual(["Runs", "Approvals", "Automations", "Schedules"]);
    expect(groups.flatMap((g) => g.events.map((e) => e.type))).toEqual(PLATFORM_EVENT_TYPES);
    expect(groups[0]!.events[0]!.description).toMatch(/finished successfully/);
  });

  it("sends * for all events, else the chosen types in catalog order", () => {
    expect(eventsInput(true, new Set(["run.failed"]))).toEqual(["*"]);
    expect(eventsInput(false, new Set(["schedule.failed", "run.failed", "nope"]))).toEqual(["run.failed", "schedule.failed"]);
  });

  it("reads an attempt as delivered (2xx), pending (retry scheduled) or failed", () => {
    const retry = new Date();
    expect(attemptOutcome({ statusCode: 200, nextRetryAt: null })).toBe("delivered");
    expect(attemptOutcome({ statusCode: 204, nextRetryAt: null })).toBe("delivered");
    expect(attemptOutcome({ statusCode: 503, nextRetryAt: retry })).toBe("pending");
    expect(attemptOutcome({ statusCode: null, nextRetryAt: retry })).toBe("pending");
    expect(attemptOutcome({ statusCode: 301, nextRetryAt: null })).toBe("failed");
    expect(attemptOutcome({ statusCode: null, nextRetryAt: null })).toBe("failed");
  });

  it("tells a subscription paused by a person from one disabled by failures", () => {
    expect(subscriptionState({ active: true, disabledAt: null })).toBe("active");
    expect(subscriptionState({ active: false, disabledAt: null })).toBe("paused");
    expect(subscriptionState({ active: false, disabledAt: new Date() })).toBe("disabled");
  });

  it("accepts http(s) URLs only, without credentials", () => {
    expect(urlProblem("https://example.com/hook")).toBeNull();
    expect(urlProblem(" http://127.0.0.1:8080/x ")).toBeNull();
    expect(urlProblem("")).toMatch(/Enter the URL/);
    expect(urlProblem("example.com/hook")).toMatch(/absolute URL/);
    expect(urlProblem("ftp://example.com/hook")).toMatch(/https/);
    expect(urlProblem("https://u:p@example.com/hook")).toMatch(/credentials/);
  });
});
