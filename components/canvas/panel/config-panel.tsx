"use client";

import { useEffect, useState } from "react";
import { AlertTriangle, X } from "lucide-react";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { getNodeType, KIND_STYLES } from "../catalog";
import { NodeIcon } from "../nodes/node-icon";
import { useEditor, useEditorApi } from "../store/context";
import type { GraphNode } from "@/lib/graph/schema";
import { ConfigForm } from "./config-form";
import { EventTriggerForm } from "./event-trigger-form";
import { WebhookPanel } from "./webhook-panel";
import { SchedulePreview } from "./schedule-preview";
import { NodeSettingsForm } from "./node-settings";
import { RunStepView } from "./run-step-view";
import { VariableScopeContext } from "./variable-picker";
import { InlineSecrets } from "./inline-secrets";

function selectedSingle(nodes: { id: string; selected?: boolean }[]): string | null {
  let found: string | null = null;
  for (const n of nodes) {
    if (!n.selected) continue;
    if (found) return null;
    found = n.id;
  }
  return found;
}

/** Node name: renamed on blur/Enter (rename rewrites {{steps.<name>}} references). */
function NameInput({ node, readOnly }: { node: GraphNode; readOnly: boolean }) {
  const api = useEditorApi();
  const [draft, setDraft] = useState(node.name);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(node.name);
    setError(null);
  }, [node.name, node.id]);
  const commit = () => {
    if (draft === node.name) return setError(null);
    const r = api.getState().rename(node.id, draft);
    setError(r.ok ? null : r.reason);
  };
  return (
    <div className="min-w-0 flex-1">
      <input
        data-testid="node-name-input"
        aria-label="Step name"
        value={draft}
        disabled={readOnly}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") (e.target as HTMLInputElement).blur();
          if (e.key === "Escape") {
            setDraft(node.name);
            setError(null);
          }
        }}
        className={cn(
          "-mx-1 w-full truncate rounded-md border border-transparent bg-transparent px-1 py-0.5 text-[15px] font-semibold outline-none hover:border-border focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/20 disabled:hover:border-transparent",
          error && "border-destructive",
        )}
      />
      {error ? <p className="mt-0.5 text-xs text-destructive">{error}</p> : null}
    </div>
  );
}

/** Right-hand panel for the selected step: configuration, settings, and its last test-run data. */
export function ConfigPanel() {
  const api = useEditorApi();
  const nodeId = useEditor((s) => selectedSingle(s.nodes));
  const flowNode = useEditor((s) => (nodeId ? s.nodes.find((n) => n.id === nodeId) : undefined));
  const readOnly = useEditor((s) => s.readOnly);
  const hasRun = useEditor((s) => s.run !== null);
  const simulated = useEditor((s) => s.run?.simulated === true);
  const step = useEditor((s) => (nodeId ? (s.run?.steps[nodeId] ?? null) : null));
  const problems = useEditor((s) => (nodeId ? s.problems[nodeId] : undefined));
  const [tab, setTab] = useState("config");

  useEffect(() => {
    if (hasRun) setTab("run");
  }, [hasRun, nodeId]);
  useEffect(() => {
    if (!hasRun && tab === "run") setTab("config");
  }, [hasRun, tab]);

  if (!flowNode) return null;
  const node = flowNode.data.node;
  const def = getNodeType(node.type);
  const kind = def?.kind ?? "unknown";
  const general = (problems ?? []).filter((p) => !p.field);

  return (
    <aside
      data-testid="config-panel"
      data-node-id={node.id}
      aria-label={`Configure ${node.name}`}
      className="flex w-[400px] shrink-0 flex-col border-l border-border bg-background"
    >
      <header className="flex items-start gap-3 border-b border-border px-4 py-3">
        <span className={cn("mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-lg", KIND_STYLES[kind].tile)}>
          <NodeIcon name={def?.icon} className="size-[18px]" />
        </span>
        <div className="min-w-0 flex-1">
          <NameInput node={node} readOnly={readOnly} />
          <p className="truncate text-xs text-muted-foreground">
            {def ? `${def.label} · ${def.description}` : `Unknown step type "${node.type}"`}
          </p>
        </div>
        <Tooltip content="Close" shortcut="Esc">
          <button
            type="button"
            aria-label="Close panel"
            data-testid="config-panel-close"
            onClick={() => api.getState().clearSelection()}
            className="flex size-7 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground"
          >
            <X className="size-4" />
          </button>
        </Tooltip>
      </header>
      {general.length ? (
        <div className="grid gap-1 border-b border-border bg-destructive/5 px-4 py-2.5" data-testid="panel-problems">
          {general.map((p, i) => (
            <p key={i} className={cn("flex gap-1.5 text-xs", p.severity === "error" ? "text-destructive" : "text-warning")}>
              <AlertTriangle className="mt-0.5 size-3 shrink-0" />
              {p.message}
            </p>
          ))}
        </div>
      ) : null}
      {def ? (
        <Tabs value={tab} onValueChange={setTab} className="flex min-h-0 flex-1 flex-col">
          <div className="px-4 pt-3">
            <TabsList className="w-full">
              <TabsTrigger value="config" className="flex-1" data-testid="tab-config">
                Configure
              </TabsTrigger>
              <TabsTrigger value="settings" className="flex-1" data-testid="tab-settings">
                Settings
              </TabsTrigger>
              {hasRun ? (
                <TabsTrigger value="run" className="flex-1" data-testid="tab-run">
                  {simulated ? "Simulation" : "Test run"}
                </TabsTrigger>
              ) : null}
            </TabsList>
          </div>
          <VariableScopeContext.Provider value={node.id}>
            <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">
              <TabsContent value="config">
                {node.type === "webhook" ? <WebhookPanel node={node} /> : null}
                <InlineSecrets node={node} />
                {node.type === "event" ? <EventTriggerForm node={node} def={def} /> : <ConfigForm node={node} def={def} />}
                {node.type === "schedule" ? <SchedulePreview config={node.config} /> : null}
              </TabsContent>
              <TabsContent value="settings">
                <NodeSettingsForm node={node} def={def} />
              </TabsContent>
              {hasRun ? (
                <TabsContent value="run">
                  <RunStepView step={step} simulated={simulated} />
                </TabsContent>
              ) : null}
            </div>
          </VariableScopeContext.Provider>
        </Tabs>
      ) : (
        <p className="p-4 text-sm text-muted-foreground">This step type is not in the catalog; delete it or restore a version that does not use it.</p>
      )}
      {readOnly ? (
        <p className="border-t border-border bg-muted/50 px-4 py-2 text-xs text-muted-foreground" data-testid="panel-readonly">
          Read-only: values are shown but cannot be changed.
        </p>
      ) : null}
    </aside>
  );
}
