import type { Role } from "@/lib/roles";

/** Demo accounts created by `seedDemo` (documented in README). */
export interface DemoAccount {
  email: string;
  name: string;
  password: string;
  memberships: { workspaceSlug: string; role: Role }[];
}

export const DEMO_WORKSPACES = [
  { name: "Acme Ops", slug: "acme" },
  { name: "Globex", slug: "globex" },
  { name: "Sandbox", slug: "sandbox" },
] as const;

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: "admin@acme.test", name: "Ada Admin", password: "admin123!", memberships: [{ workspaceSlug: "acme", role: "ADMIN" }] },
  {
    email: "specialist@acme.test",
    name: "Sam Specialist",
    password: "specialist123!",
    memberships: [
      { workspaceSlug: "acme", role: "SPECIALIST" },
      { workspaceSlug: "sandbox", role: "ADMIN" },
    ],
  },
  { email: "admin@globex.test", name: "Gus Globex", password: "admin123!", memberships: [{ workspaceSlug: "globex", role: "ADMIN" }] },
];

export const DEMO_AUTOMATIONS = [
  { workspaceSlug: "acme", name: "Welcome new customers", description: "Greets every new customer." },
  { workspaceSlug: "acme", name: "Escalate failed payments", description: "Alerts the team when a payment fails." },
  { workspaceSlug: "globex", name: "Globex invoice sync", description: "Keeps invoices in sync." },
] as const;

/** Starting graph of a demo automation: one manual trigger, no edges. */
export function demoGraphJson(): string {
  return JSON.stringify({
    nodes: [
      { id: "trigger", type: "manual", name: "Manual trigger", config: { sampleData: {} }, position: { x: 0, y: 0 } },
    ],
    edges: [],
  });
}
