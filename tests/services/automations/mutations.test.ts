import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutomation } from "@/server/services/automations/create-automation";
import { renameAutomation } from "@/server/services/automations/rename-automation";
import { archiveAutomation } from "@/server/services/automations/archive-automation";
import { updateAutomationSettings } from "@/server/services/automations/update-automation-settings";
import { setAutomationStatus } from "@/server/services/automations/set-automation-status";
import { getAutomation } from "@/server/services/automations/get-automation";
import { auditRows, expectAppError, setup, type Fixture } from "./fixture";

let f: Fixture;
beforeAll(async () => {
  f = await setup();
});
afterAll(async () => {
  await f.t.cleanup();
});

const newAutomation = (name = "Subject") => createAutomation(f.admin, { name }, f.t.db);

describe("renameAutomation", () => {
  it("renames, records who and writes an audit row with old and new names", async () => {
    const a = await newAutomation("Before");
    const renamed = await renameAutomation(f.admin, { id: a.id, name: " After " }, f.t.db);
    expect(renamed.name).toBe("After");
    expect((await f.t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).name).toBe("After");
    const audit = await auditRows(f, a.id);
    expect(audit.map((r) => r.action)).toEqual(["automation.created", "automation.renamed"]);
    expect(JSON.parse(audit[1].details ?? "{}")).toEqual({ from: "Before", to: "After" });
  });

  it("validates the name and refuses other workspaces' ids without changing anything", async () => {
    const a = await newAutomation("Keep me");
    const bad = await expectAppError(renameAutomation(f.admin, { id: a.id, name: "" }, f.t.db), "BAD_REQUEST");
    expect(bad.details?.issues).toEqual([{ field: "name", message: "name is required (1–120 characters)" }]);
    await expectAppError(renameAutomation(f.otherAdmin, { id: a.id, name: "Hijacked" }, f.t.db), "NOT_FOUND");
    expect((await f.t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).name).toBe("Keep me");
    expect((await auditRows(f, a.id)).map((r) => r.action)).toEqual(["automation.created"]);
  });
});

describe("archiveAutomation", () => {
  it("archives (status ARCHIVED + archivedAt); archiving again is a CONFLICT; archived ones are read-only", async () => {
    const a = await newAutomation("To archive");
    const archived = await archiveAutomation(f.admin, { id: a.id }, f.t.db);
    expect(archived.status).toBe("ARCHIVED");
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const again = await expectAppError(archiveAutomation(f.admin, { id: a.id }, f.t.db), "CONFLICT");
    expect(again.message).toBe("This automation is already archived");
    const rename = await expectAppError(renameAutomation(f.admin, { id: a.id, name: "x" }, f.t.db), "CONFLICT");
    expect(rename.message).toContain("archived");
    const audit = await auditRows(f, a.id);
    expect(audit.map((r) => r.action)).toEqual(["automation.created", "automation.archived"]);
    expect(JSON.parse(audit[1].details ?? "{}")).toEqual({ previousStatus: "DRAFT" });
  });

  it("answers NOT_FOUND for another workspace's automation", async () => {
    const a = await newAutomation("Not yours");
    await expectAppError(archiveAutomation(f.otherAdmin, { id: a.id }, f.t.db), "NOT_FOUND");
    expect((await f.t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("DRAFT");
  });
});

describe("updateAutomationSettings", () => {
  it("updates name, description, priority and conditions in one audited write", async () => {
    const a = await newAutomation("Settings");
    const updated = await updateAutomationSettings(
      f.admin,
      {
        id: a.id,
        description: "Only big orders",
        priority: 42,
        conditions: [
          { field: "order.total", operator: "gte", value: 100 },
          { field: "{{contact.email}}", operator: "exists" },
        ],
      },
      f.t.db,
    );
    expect(updated.name).toBe("Settings");
    expect(updated.description).toBe("Only big orders");
    expect(updated.priority).toBe(42);
    expect(updated.conditions).toEqual([
      { field: "order.total", operator: "gte", value: 100 },
      { field: "{{contact.email}}", operator: "exists" },
    ]);
    const fresh = await getAutomation(f.admin, { id: a.id }, f.t.db);
    expect(fresh.conditions).toHaveLength(2);
    const audit = await auditRows(f, a.id);
    expect(audit.at(-1)?.action).toBe("automation.settings_updated");
    expect(JSON.parse(audit.at(-1)?.details ?? "{}")).toEqual({ changed: ["description", "priority", "conditions"] });
  });

  it("explains out-of-range priority, bad operators, missing values and empty updates", async () => {
    const a = await newAutomation("Validation");
    const high = await expectAppError(updateAutomationSettings(f.admin, { id: a.id, priority: 101 }, f.t.db), "BAD_REQUEST");
    expect(high.details?.issues).toEqual([{ field: "priority", message: "priority must be at most 100" }]);
    const frac = await expectAppError(updateAutomationSettings(f.admin, { id: a.id, priority: 1.5 }, f.t.db), "BAD_REQUEST");
    expect(frac.message).toContain("priority must be a whole number from -100 to 100");
    const op = await expectAppError(
      updateAutomationSettings(f.admin, { id: a.id, conditions: [{ field: "a", operator: "like" as never, value: 1 }] }, f.t.db),
      "BAD_REQUEST",
    );
    expect(op.details?.issues?.[0]?.field).toBe("conditions.0.operator");
    expect(op.details?.issues?.[0]?.message).toContain("must be one of: eq, neq");
    const noValue = await expectAppError(
      updateAutomationSettings(f.admin, { id: a.id, conditions: [{ field: "a", operator: "eq" }] }, f.t.db),
      "BAD_REQUEST",
    );
    expect(noValue.details?.issues?.[0]?.field).toBe("conditions.0.value");
    const empty = await expectAppError(updateAutomationSettings(f.admin, { id: a.id }, f.t.db), "BAD_REQUEST");
    expect(empty.message).toContain("Nothing to update: give at least one of name, description, priority, conditions");
    const row = await f.t.db.automation.findUniqueOrThrow({ where: { id: a.id } });
    expect(row.priority).toBe(0);
    expect(row.conditions).toBe("[]");
  });
});

describe("setAutomationStatus", () => {
  it("refuses ACTIVE without a published version (UNPROCESSABLE, clear message) and changes nothing", async () => {
    const a = await newAutomation("Unpublished");
    const error = await expectAppError(setAutomationStatus(f.admin, { id: a.id, status: "ACTIVE" }, f.t.db), "UNPROCESSABLE");
    expect(error.message).toBe("This automation has no published version yet: publish the draft first, then activate it");
    expect((await f.t.db.automation.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("DRAFT");
    expect((await auditRows(f, a.id)).map((r) => r.action)).toEqual(["automation.created"]);
  });

  it("activates a published automation and pauses it, auditing each change", async () => {
    const a = await newAutomation("Published");
    await f.t.db.automation.update({ where: { id: a.id }, data: { publishedVersion: 1 } });
    const active = await setAutomationStatus(f.admin, { id: a.id, status: "ACTIVE" }, f.t.db);
    expect(active.status).toBe("ACTIVE");
    const paused = await setAutomationStatus(f.admin, { id: a.id, status: "PAUSED" }, f.t.db);
    expect(paused.status).toBe("PAUSED");
    // Same status again: nothing to change, nothing audited.
    await setAutomationStatus(f.admin, { id: a.id, status: "PAUSED" }, f.t.db);
    const audit = await auditRows(f, a.id);
    expect(audit.map((r) => r.action)).toEqual(["automation.created", "automation.activated", "automation.paused"]);
    expect(JSON.parse(audit[1].details ?? "{}")).toEqual({ from: "DRAFT", to: "ACTIVE", publishedVersion: 1 });
  });

  it("accepts only ACTIVE or PAUSED", async () => {
    const a = await newAutomation("Status values");
    const error = await expectAppError(
      setAutomationStatus(f.admin, { id: a.id, status: "ARCHIVED" as never }, f.t.db),
      "BAD_REQUEST",
    );
    expect(error.details?.issues).toEqual([
      { field: "status", message: "status must be ACTIVE or PAUSED (use archive to archive an automation)" },
    ]);
  });
});
