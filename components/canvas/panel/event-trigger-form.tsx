"use client";

import { memo, useCallback, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Plus, RotateCcw, Trash2 } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { validateNodeConfig } from "@/lib/nodes/config";
import type { CatalogNodeType } from "@/lib/nodes/field-meta";
import type { GraphNode } from "@/lib/graph/schema";
import { getBuiltInEventType } from "@/lib/triggers/event-types";
import { triggerVariablePaths } from "@/lib/triggers/variables";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { JsonViewer } from "@/components/runs/json-viewer";
import { EventTypeSelect, eventTypeSample } from "@/components/events/event-type-select";
import { useEditor, useEditorApi } from "../store/context";
import type { NodeProblem } from "../store/types";

const EMPTY: NodeProblem[] = [];

function asFilters(v: unknown): Record<string, string> {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? x : String(x ?? "")]));
}

/**
 * Configuration of an `event` trigger: the event type (built-in types grouped
 * by category, then the workspace's custom types), the filters the type
 * supports, and its sample payload, which becomes the node's test data and so
 * feeds the variable picker ({{trigger.…}}) of every later step.
 */
export const EventTriggerForm = memo(function EventTriggerForm({ node, def }: { node: GraphNode; def: CatalogNodeType }) {
  const trpc = useTRPC();
  const api = useEditorApi();
  const readOnly = useEditor((s) => s.readOnly);
  const problems = useEditor((s) => s.problems[node.id] ?? EMPTY);
  const customQuery = useQuery(trpc.eventTypes.list.queryOptions());
  const custom = useMemo(() => customQuery.data ?? [], [customQuery.data]);
  const config = node.config as { eventType?: unknown; filters?: unknown; sampleData?: unknown };
  const eventType = typeof config.eventType === "string" ? config.eventType : "";
  const filters = asFilters(config.filters);
  const builtIn = getBuiltInEventType(eventType);
  const sample = config.sampleData && typeof config.sampleData === "object" && Object.keys(config.sampleData).length ? config.sampleData : eventTypeSample(eventType, custom);
  const typeSample = eventTypeSample(eventType, custom);

  const issues = useMemo(() => [...validateNodeConfig(def, node.config).issues, ...problems.filter((p) => p.field)], [def, node.config, problems]);
  const errorOf = (field: string) => issues.filter((i) => i.field === field).map((i) => i.message).join(" · ") || null;

  const patch = useCallback(
    (next: Record<string, unknown>, key: string) => {
      const current = api.getState().getGraph().nodes.find((n) => n.id === node.id);
      if (current) api.getState().updateConfig(node.id, { ...current.config, ...next }, key);
    },
    [api, node.id],
  );

  const pickType = (type: string) => {
    const def = getBuiltInEventType(type);
    const kept = def ? Object.fromEntries(def.filters.map((f) => [f.key, filters[f.key] ?? ""])) : {};
    patch({ eventType: type, filters: kept, sampleData: structuredClone(eventTypeSample(type, custom)) }, "eventType");
  };
  const setFilter = (key: string, value: string) => patch({ filters: { ...filters, [key]: value } }, `filters.${key}`);
  const customRows = Object.entries(filters);
  const renameFilter = (i: number, key: string) => patch({ filters: Object.fromEntries(customRows.map(([k, v], j) => (j === i ? [key, v] : [k, v]))) }, "filters");
  const removeFilter = (i: number) => patch({ filters: Object.fromEntries(customRows.filter((_, j) => j !== i)) }, "filters");
  const variables = useMemo(() => triggerVariablePaths(sample).slice(0, 12), [sample]);

  return (
    <div className="grid gap-4" data-testid="event-trigger-form">
      <Field
        id={`evt-${node.id}-type`}
        label={
          <span>
            Event type<span className="ml-0.5 text-destructive">*</span>
          </span>
        }
        description={builtIn?.description ?? (eventType ? custom.find((c) => c.name === eventType)?.description || "Custom event type of this workspace." : "Which event starts this automation.")}
        error={errorOf("eventType") ? `Event type ${errorOf("eventType")}` : null}
      >
        <EventTypeSelect id={`evt-${node.id}-type`} value={eventType} onChange={pickType} custom={custom} disabled={readOnly} invalid={!!errorOf("eventType")} />
      </Field>

      {builtIn ? (
        builtIn.filters.map((f) => (
          <Field
            key={f.key}
            id={`evt-${node.id}-filter-${f.key}`}
            label={
              <span>
                {f.label} <span className="font-mono text-xs font-normal text-muted-foreground">{f.key}</span>
                {f.required ? <span className="ml-0.5 text-destructive">*</span> : null}
              </span>
            }
            hint={f.required ? undefined : "Optional"}
            description={f.description}
            error={errorOf(`filters.${f.key}`) ? `${f.label} ${errorOf(`filters.${f.key}`)}` : null}
          >
            <Input
              id={`evt-${node.id}-filter-${f.key}`}
              data-testid={`event-filter-${f.key}`}
              value={filters[f.key] ?? ""}
              onChange={(e) => setFilter(f.key, e.target.value)}
              disabled={readOnly}
              className="font-mono text-xs"
              aria-invalid={errorOf(`filters.${f.key}`) ? true : undefined}
            />
          </Field>
        ))
      ) : eventType ? (
        <div className="grid gap-1.5" data-testid="event-custom-filters">
          <span className="text-sm font-medium">Filters</span>
          <p className="text-xs text-muted-foreground">Only events whose data has these top-level values start the automation.</p>
          {customRows.map(([k, v], i) => (
            <div key={i} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] gap-1.5">
              <Input aria-label={`Filter ${i + 1} field`} value={k} placeholder="Field" onChange={(e) => renameFilter(i, e.target.value)} disabled={readOnly} className="font-mono text-xs" />
              <Input aria-label={`Filter ${i + 1} value`} value={v} placeholder="Value" onChange={(e) => setFilter(k, e.target.value)} disabled={readOnly} className="font-mono text-xs" />
              {!readOnly ? (
                <Button variant="ghost" size="icon" aria-label={`Remove filter ${i + 1}`} onClick={() => removeFilter(i)}>
                  <Trash2 />
                </Button>
              ) : null}
            </div>
          ))}
          {issues.filter((i) => i.field?.startsWith("filters.")).map((i) => (
            <p key={i.field} role="alert" className="text-xs text-destructive">
              {i.field?.slice(8)} {i.message}
            </p>
          ))}
          {!readOnly && !customRows.some(([k]) => k === "") ? (
            <Button variant="secondary" size="sm" className="justify-self-start" onClick={() => setFilter("", "")}>
              <Plus />
              Add filter
            </Button>
          ) : null}
        </div>
      ) : null}

      {eventType ? (
        <div className="grid gap-2" data-testid="event-sample">
          <JsonViewer title="Sample payload" value={sample} emptyText="This type has no sample payload yet" maxHeight="18rem" defaultExpandDepth={1} />
          <p className="text-xs text-muted-foreground">
            Used as test data for test runs and in the variable picker, e.g.{" "}
            {variables.slice(0, 3).map((v, i) => (
              <span key={v}>
                {i ? ", " : ""}
                <code className="font-mono">{`{{${v}}}`}</code>
              </span>
            ))}
            .
          </p>
          {!readOnly && JSON.stringify(sample) !== JSON.stringify(typeSample) && Object.keys(typeSample).length ? (
            <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => patch({ sampleData: structuredClone(typeSample) }, "sampleData")}>
              <RotateCcw />
              Use the type&apos;s sample
            </Button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});
