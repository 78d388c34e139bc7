import type { z } from "zod";
import type { NodeTypeDefinition } from "./types";

/**
 * UI and resolution hints for config fields, next to the zod schema (which stays
 * plain: objects, strings, numbers, booleans, enums, arrays of { key, value }).
 * Keys are config paths: "url", "headers", or nested with "*" for array items,
 * e.g. "groups.*.conditions.*.field". See lib/nodes/README.md.
 */
export type FieldWidget =
  | "text" // single-line input (default for strings)
  | "textarea" // multi-line text
  | "number"
  | "switch" // boolean
  | "select" // enum
  | "multiselect" // array of enum
  | "json" // JSON object/array editor (CodeMirror json)
  | "code" // JavaScript editor
  | "html" // HTML body editor
  | "keyValue" // array of { key, value } rows
  | "conditionTree" // condition node groups editor
  | "datetime" // ISO date-time text (templates allowed)
  | "emailList" // comma-separated addresses
  | "url"
  | "automation" // picker of automations in the workspace (value = automation id)
  | "users" // picker of workspace members (value = user ids)
  | "connection" // picker of stored connections of `connectionTypes` (value = connection id)
  | "outgoingWebhook" // picker of the workspace's outgoing webhook endpoints (value = endpoint id)
  | "scheduleMode" // schedule: segmented weekly / interval / cron
  | "weekdays" // schedule: Mon…Sun toggle buttons (array of weekday ids)
  | "timeOfDay" // schedule: "HH:MM" time input
  | "timezone" // searchable IANA time zone picker
  | "interval" // schedule: "every N minutes|hours"; edits the sibling field `unit` too
  | "cron" // 5-field cron with its plain-English reading
  | "hidden";

export interface FieldMeta {
  label?: string;
  widget?: FieldWidget;
  placeholder?: string;
  /** Help text under the form field instead of the schema's description (which stays for REST / JSON Schema); "" = none. */
  description?: string;
  /** Accepts {{templates}}: show the variable picker. */
  templated?: boolean;
  /** Never resolve templates here before execution (code, condition fields, variable names). Applies to the whole subtree. */
  raw?: boolean;
  /** The value is itself a path into the template scope (condition fields): the validator checks it like {{…}}. */
  scopePath?: boolean;
  /** Must be non-empty before the graph is valid. The schema accepts "" / [] so a freshly dropped node still parses. */
  required?: boolean;
  /** Show only when another top-level field has one of these values (e.g. delay "until" when mode is "until"). */
  showIf?: { field: string; equals: ReadonlyArray<string | number | boolean> };
  /** Collapsed under "Advanced". */
  advanced?: boolean;
  /** Unit shown next to numbers, e.g. "ms", "MB". */
  unit?: string;
  /** Escape interpolated values when resolving: "html" (HTML bodies). Whole-value templates are not escaped. */
  encode?: "html";
  /** widget "connection": the connection types (lib/connections) this field accepts. */
  connectionTypes?: readonly string[];
  /** May use {{connections.<name>.<field>}}: the step substitutes the secret when it runs (server/connections); anywhere else it is refused. Applies to the whole subtree. */
  secrets?: boolean;
  /** Required unless this other top-level field is set (e.g. a Slack webhook URL unless a connection is chosen). */
  requiredUnless?: string;
}

export type FieldMetaMap = Readonly<Record<string, FieldMeta>>;

/** A catalog entry: the shared NodeTypeDefinition plus field hints for forms and resolution. */
export interface CatalogNodeType<TConfig extends z.ZodType = z.ZodType> extends NodeTypeDefinition<TConfig> {
  fieldMeta: FieldMetaMap;
}

export function defineNodeType<TConfig extends z.ZodType>(def: CatalogNodeType<TConfig>): CatalogNodeType<TConfig> {
  return def;
}

/** Does a fieldMeta key ("groups.*.conditions.*.field") match the start of a config path? */
export function metaKeyMatches(key: string, path: ReadonlyArray<string | number>): boolean {
  const parts = key.split(".");
  if (path.length < parts.length) return false;
  return parts.every((part, i) => part === "*" || part === String(path[i]));
}

/** True when templates must not be resolved at this config path. */
export function isRawConfigPath(meta: FieldMetaMap, path: ReadonlyArray<string | number>): boolean {
  return Object.entries(meta).some(([key, m]) => m.raw === true && metaKeyMatches(key, path));
}

/** True when {{connections.*}} may be used at this config path (the field declares `secrets`). */
export function acceptsSecretsAt(meta: FieldMetaMap, path: ReadonlyArray<string | number>): boolean {
  return Object.entries(meta).some(([key, m]) => m.secrets === true && metaKeyMatches(key, path));
}

/** The encoding to apply at this config path, if any. */
export function encodingForConfigPath(meta: FieldMetaMap, path: ReadonlyArray<string | number>): FieldMeta["encode"] {
  for (const [key, m] of Object.entries(meta)) if (m.encode && metaKeyMatches(key, path)) return m.encode;
  return undefined;
}
