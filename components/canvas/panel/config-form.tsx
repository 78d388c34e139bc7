"use client";

import { memo, useCallback, useMemo, useState, type ComponentType } from "react";
import { ChevronRight } from "lucide-react";
import { Field } from "@/components/ui/field";
import { cn } from "@/components/ui/utils";
import type { CatalogNodeType } from "@/lib/nodes/field-meta";
import { validateNodeConfig } from "@/lib/nodes/config";
import type { MatchMode } from "@/lib/conditions/schema";
import type { GraphNode } from "@/lib/graph/schema";
import { useEditor, useEditorApi } from "../store/context";
import type { NodeProblem } from "../store/types";
import { deriveFields, isFieldVisible, issuesByField, type FieldDescriptor } from "./derive-fields";
import { MultiSelectField, NumberField, SelectField, SwitchField, TextField } from "./fields/basic-fields";
import { AutomationField, CodeField, JsonField, KeyValueField, UsersField } from "./fields/rich-fields";
import type { FieldControlProps } from "./fields/types";
import { ConnectionField } from "./fields/connection-field";
import { OutgoingWebhookField } from "./fields/outgoing-webhook-field";
import { CronField, IntervalField, ScheduleModeField, TimeOfDayField, TimezoneField, WeekdaysField } from "./fields/schedule-fields";
import { ConditionTreeEditor, toGroups } from "../conditions/condition-tree-editor";

const CONTROLS: Partial<Record<FieldDescriptor["widget"], ComponentType<FieldControlProps>>> = {
  text: TextField,
  textarea: TextField,
  html: TextField,
  url: TextField,
  datetime: TextField,
  emailList: TextField,
  number: NumberField,
  select: SelectField,
  switch: SwitchField,
  multiselect: MultiSelectField,
  keyValue: KeyValueField,
  code: CodeField,
  json: JsonField,
  automation: AutomationField,
  users: UsersField,
  connection: ConnectionField,
  outgoingWebhook: OutgoingWebhookField,
  scheduleMode: ScheduleModeField,
  weekdays: WeekdaysField,
  timeOfDay: TimeOfDayField,
  timezone: TimezoneField,
  interval: IntervalField,
  cron: CronField,
};

const EMPTY: NodeProblem[] = [];

/** The node's config form, generated from its type's zod schema + fieldMeta. */
export const ConfigForm = memo(function ConfigForm({ node, def }: { node: GraphNode; def: CatalogNodeType }) {
  const api = useEditorApi();
  const readOnly = useEditor((s) => s.readOnly);
  const problems = useEditor((s) => s.problems[node.id] ?? EMPTY);
  const [showAdvanced, setShowAdvanced] = useState(false);
  const fields = useMemo(() => deriveFields(def), [def]);
  const config = node.config;

  const issues = useMemo(() => [...validateNodeConfig(def, config).issues, ...problems.filter((p) => p.field)], [def, config, problems]);
  const errors = useMemo(() => issuesByField(issues), [issues]);

  const setField = useCallback(
    (name: string, value: unknown) => {
      const current = api.getState().getGraph().nodes.find((n) => n.id === node.id);
      if (!current) return;
      api.getState().updateConfig(node.id, { ...current.config, [name]: value }, name);
    },
    [api, node.id],
  );

  const visible = fields.filter((f) => isFieldVisible(f, config, fields));
  const basic = visible.filter((f) => !f.advanced);
  const advanced = visible.filter((f) => f.advanced);
  const advancedErrors = advanced.some((f) => errors[f.name]?.length);

  const renderField = (f: FieldDescriptor) => {
    const id = `cfg-${node.id}-${f.name}`;
    const fieldErrors = errors[f.name] ?? [];
    if (f.widget === "conditionTree") {
      const match = (config.match === "any" ? "any" : "all") as MatchMode;
      return (
        <div key={f.name} className="grid gap-1.5">
          <span className="text-sm font-medium">{f.label}</span>
          <ConditionTreeEditor
            match={match}
            groups={toGroups(config[f.name])}
            disabled={readOnly}
            onChange={(next) => {
              const current = api.getState().getGraph().nodes.find((n) => n.id === node.id);
              if (current) api.getState().updateConfig(node.id, { ...current.config, match: next.match, groups: next.groups }, "groups");
            }}
            errorsFor={(prefix) =>
              issues
                .filter((i) => i.field === prefix || i.field?.startsWith(`${prefix}.`))
                .map((i) => (i.field === prefix ? i.message : `${i.field!.slice(prefix.length + 1)} ${i.message}`))
            }
          />
          <FieldErrors errors={issues.filter((i) => i.field && /^groups(\.\d+)?$/.test(i.field)).map((i) => i.message)} />
        </div>
      );
    }
    const Control = CONTROLS[f.widget] ?? JsonField;
    const inline = f.widget === "switch";
    const control = (
      <Control id={id} field={f} value={config[f.name]} onChange={(v) => setField(f.name, v)} disabled={readOnly} invalid={fieldErrors.length > 0} config={config} setField={setField} />
    );
    if (inline) {
      return (
        <div key={f.name} className="grid gap-1" data-field={f.name}>
          <div className="flex items-center justify-between gap-3">
            <label htmlFor={id} className="text-sm font-medium">
              {f.label}
            </label>
            {control}
          </div>
          {f.description ? <p className="text-xs text-muted-foreground">{f.description}</p> : null}
          <FieldErrors errors={fieldErrors.map((e) => withLabel(f.label, e))} />
        </div>
      );
    }
    return (
      <div key={f.name} data-field={f.name}>
        <Field
          id={id}
          label={
            <span>
              {f.label}
              {f.required ? <span className="ml-0.5 text-destructive">*</span> : null}
            </span>
          }
          hint={f.templated && !readOnly ? <span className="font-mono text-[11px]">{"{{ }}"} allowed</span> : undefined}
          description={f.description}
          error={fieldErrors.map((e) => withLabel(f.label, e)).join(" · ") || null}
        >
          {control}
        </Field>
      </div>
    );
  };

  return (
    <div className="grid gap-4" data-testid="config-form">
      {errors[""]?.length ? <FieldErrors errors={errors[""]} /> : null}
      {basic.map(renderField)}
      {advanced.length ? (
        <div className="grid gap-3">
          <button
            type="button"
            onClick={() => setShowAdvanced((v) => !v)}
            className="flex items-center gap-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase hover:text-foreground"
            aria-expanded={showAdvanced || advancedErrors}
            data-testid="toggle-advanced"
          >
            <ChevronRight className={cn("size-3.5 transition-transform", (showAdvanced || advancedErrors) && "rotate-90")} />
            Advanced
            {advancedErrors ? <span className="ml-1 size-1.5 rounded-full bg-destructive" /> : null}
          </button>
          {showAdvanced || advancedErrors ? advanced.map(renderField) : null}
        </div>
      ) : null}
    </div>
  );
});

/** "is required" → "Subject is required"; full sentences stay as they are. */
function withLabel(label: string, message: string): string {
  return /^(is|are|must|has|have|cannot|should|needs?|does)\b/.test(message) ? `${label} ${message}` : message;
}

function FieldErrors({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="grid gap-0.5" role="alert">
      {errors.map((e) => (
        <li key={e} className="text-xs text-destructive">
          {e}
        </li>
      ))}
    </ul>
  );
}
