import { z } from "zod";

/**
 * Field definitions of form steps (002 send_form, 004 require_form) and the one
 * validation of a submission, used by the public page, the inbox, REST and the
 * node. Submissions arrive as text (HTML forms) or JSON; values are normalised
 * to JSON types: number → number, checkbox → boolean, the rest → text.
 */
export const FORM_FIELD_TYPES = ["text", "email", "number", "select", "checkbox", "date", "long_text"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const MAX_FORM_FIELDS = 30;
const MAX_TEXT = 5_000;
const MAX_LONG_TEXT = 20_000;

export const formFieldSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "must start with a letter or _ and use letters, digits and _ (at most 64)")
      .describe("Key of the value in the step output, e.g. company_size"),
    label: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
    type: z.enum(FORM_FIELD_TYPES, { error: () => `must be one of: ${FORM_FIELD_TYPES.join(", ")}` }).default("text"),
    required: z.boolean().default(false),
    help: z.string().max(500, "must be at most 500 characters").default(""),
    placeholder: z.string().max(200, "must be at most 200 characters").default(""),
    /** select: the allowed values */
    options: z.array(z.string().trim().min(1, "is required").max(200, "must be at most 200 characters")).max(100, "must have at most 100 options").default([]),
    /** number: bounds; text/long_text: length bounds */
    min: z.number().optional(),
    max: z.number().optional(),
    /** text: a regular expression the value must match (checked without a timeout: keep it simple) */
    pattern: z.string().max(200, "must be at most 200 characters").default(""),
  })
  .superRefine((f, ctx) => {
    if (f.type === "select" && f.options.length === 0) ctx.addIssue({ code: "custom", path: ["options"], message: "must list at least one option for a select field" });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: "custom", path: ["max"], message: "must be at least min" });
    if (f.pattern) {
      try {
        new RegExp(f.pattern, "u");
      } catch {
        ctx.addIssue({ code: "custom", path: ["pattern"], message: "is not a valid regular expression" });
      }
    }
  });
export type FormField = z.infer<typeof formFieldSchema>;

export const formFieldsSchema = z
  .array(formFieldSchema)
  .max(MAX_FORM_FIELDS, `must have at most ${MAX_FORM_FIELDS} fields`)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `is a duplicate: "${f.name}" is already used` });
      seen.add(f.name);
    });
  });

export type FormValue = string | number | boolean | null;
export type FormValues = Record<string, FormValue>;
/** What a submission may carry per field: text from an HTML form, or a JSON value. */
export type RawFormInput = Record<string, unknown>;

export type FormValidation = { ok: true; values: FormValues } | { ok: false; errors: Record<string, string>; values: Record<string, string> };

const EMAIL_RE = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function asText(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return asText(v[0]);
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "";
}

function validDate(text: string): boolean {
  if (!DATE_RE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function checkOne(f: FormField, raw: unknown): { value: FormValue } | { error: string } {
  if (f.type === "checkbox") {
    const t = asText(raw).toLowerCase();
    const on = raw === true || t === "on" || t === "true" || t === "1" || t === "yes";
    if (f.required && !on) return { error: "must be checked" };
    return { value: on };
  }
  const text = asText(raw).trim();
  if (text === "") return f.required ? { error: "is required" } : { value: null };
  switch (f.type) {
    case "number": {
      const n = Number(text);
      if (!Number.isFinite(n)) return { error: "must be a number" };
      if (f.min !== undefined && n < f.min) return { error: `must be at least ${f.min}` };
      if (f.max !== undefined && n > f.max) return { error: `must be at most ${f.max}` };
      return { value: n };
    }
    case "email":
      if (text.length > 320 || !EMAIL_RE.test(text)) return { error: "must be an email address such as ada@example.com" };
      return { value: text };
    case "select":
      if (!f.options.includes(text)) return { error: `must be one of: ${f.options.join(", ")}` };
      return { value: text };
    case "date":
      if (!validDate(text)) return { error: "must be a date (YYYY-MM-DD)" };
      return { value: text };
    default: {
      const limit = f.type === "long_text" ? MAX_LONG_TEXT : MAX_TEXT;
      const max = Math.min(f.max ?? limit, limit);
      if (text.length > max) return { error: `must be at most ${max} characters` };
      if (f.min !== undefined && text.length < f.min) return { error: `must be at least ${f.min} characters` };
      if (f.pattern && !new RegExp(`^(?:${f.pattern})$`, "u").test(text)) return { error: "has the wrong format" };
      return { value: text };
    }
  }
}

/** Validates a submission against the field definitions; unknown keys are ignored. */
export function validateFormSubmission(fields: readonly FormField[], input: RawFormInput): FormValidation {
  const values: FormValues = {};
  const errors: Record<string, string> = {};
  const echo: Record<string, string> = {};
  for (const f of fields) {
    const raw = input[f.name];
    echo[f.name] = asText(raw).slice(0, MAX_LONG_TEXT);
    const r = checkOne(f, raw);
    if ("error" in r) errors[f.name] = r.error;
    else values[f.name] = r.value;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values: echo };
  return { ok: true, values };
}

/** Parses stored field definitions (JSON text); invalid rows are dropped. */
export function parseStoredFields(json: string): FormField[] {
  try {
    const parsed = formFieldsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
