import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  encodeCursor,
  encodeKeyCursor,
  encodeNullableCursor,
  pageInMemory,
  pagingInput,
  parseCursor,
  parseKeyCursor,
  parseNullableCursor,
  restPagingQuery,
  takePage,
} from "@/lib/paging";
import { decodeCursor } from "@/server/services/paging";
import { listRunsInput } from "@/server/trpc/routers/runs/list.schema";
import { listOutboxInput } from "@/server/trpc/routers/outbox/list.schema";
import { listNotificationsInput } from "@/server/trpc/routers/notifications/list.schema";
import { listEventsInput } from "@/server/services/events/list-events";
import { listApprovalsInput } from "@/server/services/approvals/list-approvals";

describe("lib/paging", () => {
  it("cursors are the same text as the Buffer codec they replace (cursors already handed out stay valid)", () => {
    const key = { at: new Date("2025-04-02T09:00:00.123Z"), id: "clx_ä1" };
    expect(encodeCursor(key)).toBe(Buffer.from(JSON.stringify([key.at.toISOString(), key.id]), "utf8").toString("base64url"));
    expect(parseCursor(encodeCursor(key))).toEqual(key);
    expect(encodeKeyCursor("auto_1")).toBe(Buffer.from("auto_1", "utf8").toString("base64url"));
    expect(parseKeyCursor(encodeKeyCursor("auto_1"))).toBe("auto_1");
    expect(parseNullableCursor(encodeNullableCursor({ at: null, id: "s1" }))).toEqual({ at: null, id: "s1" });
  });

  it("refuses text that is not a cursor", () => {
    for (const bad of ["", "not a cursor!", "e30", Buffer.from('["x","y"]').toString("base64url"), "%%%"]) {
      expect(parseCursor(bad)).toBeNull();
    }
    expect(parseKeyCursor("a+b/")).toBeNull();
    expect(() => decodeCursor("nope!")).toThrow(/cursor: not a valid cursor/);
  });

  it("takePage cuts at limit and points the cursor at the last row kept", () => {
    const rows = [1, 2, 3, 4].map((n) => ({ id: `r${n}` }));
    expect(takePage(rows, 3, (r) => r.id)).toEqual({ items: rows.slice(0, 3), nextCursor: "r3" });
    expect(takePage(rows, 4, (r) => r.id)).toEqual({ items: rows, nextCursor: null });
    const mem = pageInMemory(rows, (r) => r.id, 2, "r1");
    expect(mem.items.map((r) => r.id)).toEqual(["r2", "r3"]);
    expect(parseKeyCursor(mem.nextCursor!)).toBe("r3");
  });

  it("is the one definition of limit/cursor for tRPC inputs, services and REST queries", () => {
    const tooBig = { limit: 101 };
    for (const schema of [listRunsInput, listOutboxInput, listNotificationsInput, listEventsInput, listApprovalsInput] as z.ZodType[]) {
      const r = schema.safeParse(tooBig);
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain("limit: at most 100");
      expect(schema.safeParse({ cursor: "x".repeat(501) }).success).toBe(false);
    }
    expect(z.object(pagingInput()).parse({})).toEqual({ limit: 25 });
    expect(z.object(pagingInput(20)).parse({})).toEqual({ limit: 20 });
    expect(z.strictObject(restPagingQuery).parse({ limit: "7", after: "abc" })).toEqual({ limit: 7, after: "abc" });
    expect(z.strictObject(restPagingQuery).safeParse({ limit: "0" }).success).toBe(false);
  });
});
