/**
 * The built-in event types an `event` trigger can listen to (browser-safe).
 * Each names the filters it understands: `required` ones must be set on the
 * trigger, the others narrow it when set. Matching rule (server/triggers/event):
 * every filter with a non-empty value must equal the event data's TOP-LEVEL
 * field of the same name (`stage_id` ↔ `data.stage_id`), compared as text; the
 * sample payloads carry those fields at the top level for that reason.
 * Update events carry `_changed_fields` and `_previous_values`.
 */

export interface EventFilterField {
  key: string;
  label: string;
  required: boolean;
  description: string;
}

export interface EventTypeDefinition {
  type: string;
  label: string;
  description: string;
  category: string;
  filters: EventFilterField[];
  sample: Record<string, unknown>;
}

const source = (what: string): EventFilterField => ({
  key: "source_id",
  label: "Source",
  required: false,
  description: `Only events from this ${what} (its id). Leave empty for any.`,
});

const contact = { id: "ct_8f2a", first_name: "Ada", last_name: "Lovelace", email: "ada@example.com", phone: "+61412345678", contact_type: "lead", source: "website" };
const deal = { id: "dl_41c9", name: "Analytical Engine rollout", value: 5000, currency: "AUD", pipeline_id: "pl_sales", stage_id: "st_qualified", status: "open", owner_id: "us_17" };
const entity = (kind: string, id: string) => ({ _trigger_entity_kind: kind, _trigger_entity_id: id });

export const BUILT_IN_EVENT_TYPES: readonly EventTypeDefinition[] = [
  {
    type: "contact_created",
    label: "Contact created",
    description: "A contact (person) was added to the CRM.",
    category: "CRM",
    filters: [source("lead source")],
    sample: { ...entity("contact", contact.id), source_id: "src_website", contact },
  },
  {
    type: "contact_updated",
    label: "Contact updated",
    description: "Fields of a contact changed; _changed_fields lists them and _previous_values holds their old values.",
    category: "CRM",
    filters: [source("lead source")],
    sample: {
      ...entity("contact", contact.id),
      source_id: "src_website",
      contact: { ...contact, contact_type: "customer" },
      _changed_fields: ["contact_type"],
      _previous_values: { contact_type: "lead" },
    },
  },
  {
    type: "deal_created",
    label: "Deal created",
    description: "A deal (opportunity) was created.",
    category: "CRM",
    filters: [{ key: "pipeline_id", label: "Pipeline", required: false, description: "Only deals in this pipeline (its id)." }],
    sample: { ...entity("deal", deal.id), pipeline_id: deal.pipeline_id, deal, contact },
  },
  {
    type: "deal_updated",
    label: "Deal updated",
    description: "Fields of a deal changed; _changed_fields lists them and _previous_values holds their old values.",
    category: "CRM",
    filters: [{ key: "pipeline_id", label: "Pipeline", required: false, description: "Only deals in this pipeline (its id)." }],
    sample: {
      ...entity("deal", deal.id),
      pipeline_id: deal.pipeline_id,
      deal: { ...deal, value: 7500 },
      contact,
      _changed_fields: ["value"],
      _previous_values: { value: 5000 },
    },
  },
  {
    type: "stage_changed",
    label: "Deal stage changed",
    description: "A deal moved to another pipeline stage. Set the stage it must enter.",
    category: "CRM",
    filters: [{ key: "stage_id", label: "Stage", required: true, description: "The stage the deal moved into (its id)." }],
    sample: {
      ...entity("deal", deal.id),
      stage_id: "st_won",
      previous_stage_id: "st_qualified",
      pipeline_id: deal.pipeline_id,
      deal: { ...deal, stage_id: "st_won", status: "won" },
      contact,
      _changed_fields: ["stage_id", "status"],
      _previous_values: { stage_id: "st_qualified", status: "open" },
    },
  },
  {
    type: "form_completed",
    label: "Form completed",
    description: "Someone completed a form. Set which form template.",
    category: "Forms",
    filters: [{ key: "form_template_id", label: "Form template", required: true, description: "The form template (its id)." }],
    sample: {
      form_template_id: "ft_intake",
      submission_id: "sub_93b1",
      form_title: "Client intake",
      submitted_at: "2026-11-20T09:30:00Z",
      answers: { company: "Analytical Engines Ltd", team_size: 12, start_date: "2026-12-01" },
      contact,
    },
  },
  {
    type: "email_received",
    label: "Email received",
    description: "An email arrived in a connected inbox.",
    category: "Messaging",
    filters: [source("inbox")],
    sample: {
      source_id: "inbox_support",
      message_id: "<CAF1234@mail.example.com>",
      from: "ada@example.com",
      to: "support@acme.test",
      subject: "Question about my invoice",
      text: "Hi, could you resend invoice INV-1001?",
      received_at: "2026-11-20T09:30:00Z",
      contact,
    },
  },
  {
    type: "sms_received",
    label: "SMS received",
    description: "A text message arrived on a connected phone number.",
    category: "Messaging",
    filters: [source("phone number")],
    sample: { source_id: "pn_main", from: "+61412345678", to: "+61400000000", body: "YES please book me in", received_at: "2026-11-20T09:30:00Z", contact },
  },
  {
    type: "booking_created",
    label: "Booking created",
    description: "A meeting or appointment was booked through a booking page.",
    category: "Scheduling",
    filters: [source("booking page")],
    sample: {
      source_id: "bp_demo",
      booking: { id: "bk_5521", title: "Product demo", starts_at: "2026-11-24T01:00:00Z", ends_at: "2026-11-24T01:30:00Z", timezone: "Australia/Sydney", location: "Video call" },
      contact,
    },
  },
  {
    type: "row_added",
    label: "Table row added",
    description: "A new row was created in a table.",
    category: "Tables",
    filters: [{ key: "table_id", label: "Table", required: false, description: "Only rows of this table (its id)." }],
    sample: { table_id: "tbl_companies", table_name: "Companies", row_id: "row_77", row: { name: "Globex", industry: "Manufacturing", employees: 250 } },
  },
  {
    type: "record_updated",
    label: "Table record updated",
    description: "A row of a table was updated. Set which table.",
    category: "Tables",
    filters: [{ key: "table_id", label: "Table", required: true, description: "The table (its id)." }],
    sample: {
      table_id: "tbl_companies",
      table_name: "Companies",
      row_id: "row_77",
      row: { name: "Globex", industry: "Manufacturing", employees: 300 },
      _changed_fields: ["employees"],
      _previous_values: { employees: 250 },
    },
  },
  {
    type: "patient.onboarded",
    label: "Patient onboarded",
    description: "A new patient was registered in the system.",
    category: "Patient lifecycle",
    filters: [{ key: "clinic_id", label: "Clinic", required: false, description: "Only patients of this clinic (its id)." }],
    sample: { clinic_id: "cl_north", patient: { id: 100, first_name: "Grace", last_name: "Hopper", email: "grace@example.com", phone: "+61400111222" }, onboarded_at: "2026-11-20T09:30:00Z" },
  },
  {
    type: "appointment.first_booked",
    label: "First appointment booked",
    description: "A patient booked their first appointment.",
    category: "Patient lifecycle",
    filters: [{ key: "clinic_id", label: "Clinic", required: false, description: "Only appointments at this clinic (its id)." }],
    sample: {
      clinic_id: "cl_north",
      appointment: { id: 50, starts_at: "2026-11-25T23:00:00Z", practitioner: "Dr. Lin", type: "Initial consultation" },
      patient: { id: 100, first_name: "Grace", last_name: "Hopper", email: "grace@example.com" },
    },
  },
];

const BY_TYPE = new Map(BUILT_IN_EVENT_TYPES.map((t) => [t.type, t]));

export function getBuiltInEventType(type: string): EventTypeDefinition | undefined {
  return BY_TYPE.get(type);
}

/** Built-in types grouped by category, in catalog order. */
export function builtInEventTypesByCategory(): Array<{ category: string; types: EventTypeDefinition[] }> {
  const groups: Array<{ category: string; types: EventTypeDefinition[] }> = [];
  for (const t of BUILT_IN_EVENT_TYPES) {
    const g = groups.find((x) => x.category === t.category);
    if (g) g.types.push(t);
    else groups.push({ category: t.category, types: [t] });
  }
  return groups;
}
