import type { z } from "zod";

/**
 * Browser-safe half of a connection type (stored credentials): its fields, which
 * of them are secret, and how they are validated. The server half
 * (server/connections) encrypts the secret fields and applies a connection to a
 * step (headers, webhook URL, SMTP server). Secrets never come back to a client.
 */
export interface ConnectionFieldDefinition {
  name: string;
  label: string;
  /** Encrypted at rest, write-only once saved, masked in step records. */
  secret: boolean;
  required: boolean;
  placeholder?: string;
  description?: string;
  widget?: "text" | "url" | "select" | "password";
  options?: readonly string[];
  /** zod schema of the value (a string); messages are predicates: "must be …". */
  schema: z.ZodType<string>;
}

export interface ConnectionTypeDefinition {
  type: string;
  label: string;
  description: string;
  /** lucide-react icon name in PascalCase. */
  icon: string;
  fields: readonly ConnectionFieldDefinition[];
  /** Free-form key → secret value pairs instead of fixed fields (generic secrets). */
  keyValue?: boolean;
  /** "Test connection" is offered (for HTTP auth types only when a test URL is set). */
  testable: boolean;
  /** The steps that can pick this type in their connection dropdown, for the catalog page. */
  usedBy: string;
}

/** Values of a connection as the server holds them: field name → text (secrets included, server only). */
export type ConnectionValues = Record<string, string>;
