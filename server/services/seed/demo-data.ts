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

type DemoNode = { id: string; type: string; name: string; config: Record<string, unknown>; position: { x: number; y: number } };
type DemoGraph = { nodes: DemoNode[]; edges: { id: string; source: string; sourceHandle: string; target: string }[] };

const welcomeGraph: DemoGraph = {
  nodes: [
    {
      id: "trigger",
      type: "manual",
      name: "New customer",
      config: { sampleData: { customer: { name: "Grace Hopper", email: "grace@example.com", plan: "pro", seats: 12 } } },
      position: { x: 0, y: 120 },
    },
    {
      id: "is_pro",
      type: "condition",
      name: "Pro plan?",
      config: { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.customer.plan", operator: "eq", value: "pro" }] }] },
      position: { x: 320, y: 120 },
    },
    {
      id: "vip_email",
      type: "send_email",
      name: "VIP welcome",
      config: {
        to: "{{trigger.customer.email}}",
        subject: "Welcome aboard, {{trigger.customer.name}}",
        text: "Hi {{trigger.customer.name}},\n\nYour {{trigger.customer.seats}} Pro seats are ready. Your account manager will reach out today.",
      },
      position: { x: 660, y: 0 },
    },
    {
      id: "tell_team",
      type: "notification",
      name: "Tell the team",
      config: { title: "New Pro customer: {{trigger.customer.name}}", body: "{{trigger.customer.seats}} seats", roles: ["OWNER", "ADMIN"], userIds: [] },
      position: { x: 980, y: 0 },
    },
    {
      id: "std_email",
      type: "send_email",
      name: "Standard welcome",
      config: { to: "{{trigger.customer.email}}", subject: "Welcome, {{trigger.customer.name}}", text: "Hi {{trigger.customer.name}}, thanks for signing up!" },
      position: { x: 660, y: 240 },
    },
  ],
  edges: [
    { id: "e1", source: "trigger", sourceHandle: "next", target: "is_pro" },
    { id: "e2", source: "is_pro", sourceHandle: "true", target: "vip_email" },
    { id: "e3", source: "vip_email", sourceHandle: "next", target: "tell_team" },
    { id: "e4", source: "is_pro", sourceHandle: "false", target: "std_email" },
  ],
};

const escalateGraph: DemoGraph = {
  nodes: [
    {
      id: "trigger",
      type: "manual",
      name: "Payment failed",
      config: { sampleData: { payment: { id: "pay_123", amount: 4200, currency: "EUR", attempts: 3 }, customer: { name: "Globex Corp" } } },
      position: { x: 0, y: 80 },
    },
    {
      id: "label",
      type: "set_variables",
      name: "Format amount",
      config: { variables: [{ key: "summary", value: "{{trigger.payment.amount}} {{trigger.payment.currency}} from {{trigger.customer.name}}" }] },
      position: { x: 320, y: 80 },
    },
    {
      id: "alert",
      type: "notification",
      name: "Alert finance",
      config: { title: "Payment failed: {{vars.summary}}", body: "After {{trigger.payment.attempts}} attempts", roles: ["OWNER", "ADMIN"], userIds: [] },
      position: { x: 640, y: 80 },
    },
  ],
  edges: [
    { id: "e1", source: "trigger", sourceHandle: "next", target: "label" },
    { id: "e2", source: "label", sourceHandle: "next", target: "alert" },
  ],
};

const invoiceGraph: DemoGraph = {
  nodes: [{ id: "trigger", type: "manual", name: "Manual trigger", config: { sampleData: { invoice: { number: "INV-1001" } } }, position: { x: 0, y: 0 } }],
  edges: [],
};

export const DEMO_AUTOMATIONS = [
  { workspaceSlug: "acme", name: "Welcome new customers", description: "Greets every new customer; Pro customers get a VIP email and the team is told.", graph: welcomeGraph, publish: true },
  { workspaceSlug: "acme", name: "Escalate failed payments", description: "Alerts finance when a payment fails for good.", graph: escalateGraph, publish: false },
  { workspaceSlug: "globex", name: "Globex invoice sync", description: "Keeps invoices in sync.", graph: invoiceGraph, publish: false },
] as const;
