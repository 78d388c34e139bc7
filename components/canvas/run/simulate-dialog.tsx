"use client";

import { useMemo, useState } from "react";
import { CheckCircle2, CircleSlash, Route, XCircle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { JsonViewer } from "@/components/runs/json-viewer";
import { getNodeType } from "@/lib/nodes/registry";
import { triggerSample } from "@/lib/triggers/event-config";
import type { RouterOutputs } from "@/lib/trpc/types";
import { CodeEditor } from "../panel/fields/code-editor";
import { useEditorApi } from "../store/context";

export type Simulation = RouterOutputs["automations"]["simulate"];

function initialData(api: ReturnType<typeof useEditorApi>): string {
  const graph = api.getState().getGraph();
  const trigger = graph.nodes.find((n) => getNodeType(n.type)?.kind === "trigger");
  if (!trigger) return "{}";
  return JSON.stringify(triggerSample(trigger, getNodeType(trigger.type)?.sampleOutput), null, 2);
}

interface SimulateDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSimulate: (data: Record<string, unknown>) => Promise<Simulation | null>;
  simulating: boolean;
  error: string | null;
  result: Simulation | null;
  onShowNode: (nodeId: string) => void;
}

function Verdict({ result }: { result: Simulation }) {
  const failed = result.steps.filter((s) => s.status === "error").length;
  if (!result.wouldExecute) {
    return (
      <p className="flex items-center gap-2 rounded-md bg-muted px-3 py-2 text-sm" role="status" data-testid="simulate-verdict" data-would-execute="false">
        <CircleSlash className="size-4 text-muted-foreground" aria-hidden /> The conditions do not match: a run would be <span className="font-medium">skipped</span>.
      </p>
    );
  }
  return (
    <p className="flex items-center gap-2 rounded-md bg-success/10 px-3 py-2 text-sm" role="status" data-testid="simulate-verdict" data-would-execute="true">
      <CheckCircle2 className="size-4 text-success" aria-hidden /> A run would execute {result.steps.length - 1} step{result.steps.length === 2 ? "" : "s"}
      {failed ? <span className="text-destructive"> ({failed} would fail)</span> : null}. Nothing was sent.
    </p>
  );
}

/**
 * "Simulate": the saved draft with this trigger data, without side effects.
 * Lists each condition's result and the path a run would take with each
 * step's preview; the path is also highlighted on the canvas.
 */
export function SimulateDialog({ open, onOpenChange, onSimulate, simulating, error, result, onShowNode }: SimulateDialogProps) {
  const api = useEditorApi();
  const [text, setText] = useState<string | null>(null);
  const value = text ?? (open ? initialData(api) : "{}");
  const parsed = useMemo(() => {
    try {
      const v: unknown = JSON.parse(value);
      if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false as const, message: 'Trigger data must be a JSON object, e.g. { "order": { "id": 1 } }' };
      return { ok: true as const, data: v as Record<string, unknown> };
    } catch (e) {
      return { ok: false as const, message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
  }, [value]);

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) setText(null);
      }}
    >
      <DialogContent className="max-h-[90vh] max-w-2xl overflow-y-auto" data-testid="simulate-dialog">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            <Route className="size-4 text-primary" aria-hidden /> Simulate
          </DialogTitle>
          <DialogDescription>
            Shows what a run of the saved draft would do with this trigger data: which conditions match, the path it would take and each step&apos;s preview. Nothing is sent and no run is
            recorded.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-2">
          <label className="text-sm font-medium" htmlFor="simulate-data">
            Trigger data <span className="font-normal text-muted-foreground">(available as {"{{trigger.…}}"})</span>
          </label>
          <CodeEditor id="simulate-data" testId="simulate-data" language="json" value={value} onChange={setText} minHeight="140px" maxHeight="240px" invalid={!parsed.ok} />
          {!parsed.ok ? <p className="text-xs text-destructive">{parsed.message}</p> : null}
          {error ? (
            <p className="rounded-md bg-destructive/10 px-2.5 py-2 text-xs text-destructive" role="alert" data-testid="simulate-error">
              {error}
            </p>
          ) : null}
        </div>

        {result ? (
          <div className="grid gap-4" aria-live="polite" data-testid="simulate-result">
            <Verdict result={result} />
            <section className="grid gap-1.5">
              <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Conditions</h3>
              {result.conditions.length === 0 ? (
                <p className="text-xs text-muted-foreground">No conditions: every trigger starts a run.</p>
              ) : (
                <ul className="grid gap-1" data-testid="simulate-conditions">
                  {result.conditions.map((c, i) => (
                    <li key={i} className="flex items-start gap-2 text-sm">
                      {c.passed ? <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="Matches" /> : <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Does not match" />}
                      <span className="font-mono text-xs leading-5 break-all">{c.reason}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            {result.wouldExecute ? (
              <section className="grid gap-1.5">
                <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Path</h3>
                <ol className="grid gap-2" data-testid="simulate-path">
                  {result.steps.map((s, i) => (
                    <li key={s.nodeId} className="rounded-lg border border-border p-2.5" data-testid="simulate-step" data-node-id={s.nodeId}>
                      <div className="flex flex-wrap items-center gap-2">
                        <span className="text-xs text-muted-foreground tabular">{i + 1}.</span>
                        <button type="button" className="text-sm font-medium underline-offset-2 hover:underline focus-visible:underline focus-visible:outline-none" onClick={() => onShowNode(s.nodeId)}>
                          {s.nodeName}
                        </button>
                        <Badge variant="outline">{getNodeType(s.nodeType)?.label ?? s.nodeType}</Badge>
                        {s.status === "error" ? <Badge variant="destructive">preview failed</Badge> : null}
                        {s.handle && s.handle !== "next" ? <Badge variant="info">takes “{s.handle}”</Badge> : null}
                      </div>
                      {s.error ? <p className="mt-1.5 text-xs text-destructive">{s.error}</p> : null}
                      {i > 0 && s.status === "preview" ? <JsonViewer title="Preview" value={s.preview} className="mt-2" maxHeight="12rem" defaultExpandDepth={1} /> : null}
                      {s.warnings.length > 0 ? <p className="mt-1.5 text-xs text-muted-foreground">{s.warnings.join(" · ")}</p> : null}
                    </li>
                  ))}
                </ol>
              </section>
            ) : null}
          </div>
        ) : null}

        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            {result ? "Close" : "Cancel"}
          </Button>
          <Button
            data-testid="simulate-start"
            loading={simulating}
            disabled={!parsed.ok}
            onClick={() => {
              if (parsed.ok) void onSimulate(parsed.data);
            }}
          >
            <Route /> {result ? "Simulate again" : "Simulate"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
