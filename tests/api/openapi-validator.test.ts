import { describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { openApiDocument } from "@/server/api/openapi";

/**
 * Issue 10 item 10: the document validates with a standard OpenAPI validator
 * (the official OpenAPI 3.1 JSON Schema, through @seriousme/openapi-schema-validator),
 * not only with our own checks in contract.test.ts.
 */
describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document by the official schema", async () => {
    const validator = new Validator();
    const result = await validator.validate(openApiDocument() as Parameters<Validator["validate"]>[0]);
    expect(validator.version).toBe("3.1");
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)?.slice(0, 4000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the validator is not a rubber stamp: a broken document is refused", async () => {
    const broken = structuredClone(openApiDocument()) as { paths: Record<string, Record<string, { responses?: unknown }>> };
    const [first] = Object.values(broken.paths);
    const [op] = Object.values(first!);
    op!.responses = "none";
    const result = await new Validator().validate(broken as Parameters<Validator["validate"]>[0]);
    expect(result.valid).toBe(false);
  });
});
