import { z } from "zod";
import { defineNodeType } from "../field-meta";
import { checkDuplicateKeys, truncate } from "./shared";

export const VARIABLE_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const setVariablesConfigSchema = z
  .object({
    variables: z
      .array(
        z.object({
          key: z
            .string()
            .trim()
            .regex(VARIABLE_KEY_RE, "must start with a letter or _ and contain only letters, digits and _ (at most 64 characters)")
            .describe("Variable name, read later as {{vars.<name>}}"),
          value: z
            .string()
            .max(10_000, "must be at most 10,000 characters")
            .default("")
            .describe("Value; a single {{template}} keeps its type (list, number, object), otherwise text"),
        }),
      )
      .min(1, "must have at least one variable")
      .max(50, "must have at most 50 variables")
      .describe("Variables to set for the rest of the run ({{vars.name}})"),
  })
  .superRefine((config, ctx) => checkDuplicateKeys(config.variables, ctx, "variables"));
export type SetVariablesConfig = z.infer<typeof setVariablesConfigSchema>;

export const setVariablesNode = defineNodeType({
  type: "set_variables",
  version: 1,
  kind: "control",
  pure: true,
  category: "Flow",
  label: "Set variables",
  description: "Store values as {{vars.name}} for later steps.",
  icon: "Variable",
  configSchema: setVariablesConfigSchema,
  defaultConfig: { variables: [{ key: "status", value: "new" }] },
  handles: [{ id: "next", label: "Next" }],
  sampleOutput: { status: "new", score: 42 },
  summarize(config) {
    return truncate(`Set ${config.variables.map((v) => v.key).join(", ")}`, 120);
  },
  defaultTimeoutMs: 5_000,
  fieldMeta: {
    variables: { label: "Variables", widget: "keyValue", templated: true },
    "variables.*.key": { raw: true },
  },
});
