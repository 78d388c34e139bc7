import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { truncate } from "./shared";

export const CODE_MAX_TIMEOUT_MS = 10_000;
export const CODE_MAX_MEMORY_MB = 128;
export const DEFAULT_CODE = "return { ok: true, input: input.trigger };";

export const codeConfigSchema = z.object({
  code: z
    .string()
    .min(1, "is required")
    .max(100_000, "must be at most 100,000 characters")
    .default(DEFAULT_CODE)
    .describe(
      "JavaScript run in a sandbox (no network, no files). `input` holds { trigger, steps, vars, loop }; `return` a JSON value, which becomes the step output. console.log lines are kept with the step.",
    ),
  timeoutMs: z
    .number({ error: () => "must be a number" })
    .int("must be a whole number of milliseconds")
    .min(10, "must be at least 10 ms")
    .max(CODE_MAX_TIMEOUT_MS, "must be at most 10,000 ms")
    .default(1_000)
    .describe("CPU time limit in milliseconds (10–10,000)"),
  memoryMb: z
    .number({ error: () => "must be a number" })
    .int("must be a whole number of MB")
    .min(8, "must be at least 8 MB")
    .max(CODE_MAX_MEMORY_MB, "must be at most 128 MB")
    .default(32)
    .describe("Memory limit in MB (8–128)"),
});
export type CodeConfig = z.infer<typeof codeConfigSchema>;

function firstCodeLine(code: string): string {
  const line = code
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && !l.startsWith("//") && !l.startsWith("/*") && !l.startsWith("*"));
  return line ?? "";
}

export const codeNode = defineNodeType({
  type: "code",
  version: 1,
  kind: "action",
  category: "Code",
  label: "Code",
  description: "Transform data with a few lines of sandboxed JavaScript.",
  icon: "Code",
  configSchema: codeConfigSchema,
  defaultConfig: { code: DEFAULT_CODE, timeoutMs: 1_000, memoryMb: 32 },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { ok: true, input: { contact: { first_name: "Ada", email: "ada@example.com" } } },
  summarize(config) {
    const line = firstCodeLine(config.code);
    return line ? truncate(`JavaScript: ${line}`, 80) : "JavaScript (empty)";
  },
  defaultTimeoutMs: 15_000,
  fieldMeta: {
    code: { label: "Code", widget: "code", raw: true },
    timeoutMs: { label: "Time limit", widget: "number", unit: "ms", advanced: true },
    memoryMb: { label: "Memory limit", widget: "number", unit: "MB", advanced: true },
  },
});
