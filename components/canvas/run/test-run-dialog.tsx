"use client";

import { useMemo, useState } from "react";
import { FlaskConical, Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { getNodeType } from "@/lib/nodes/registry";
import { triggerSample } from "@/lib/triggers/event-config";
import { CodeEditor } from "../panel/fields/code-editor";
import { useEditorApi } from "../store/context";

function initialData(api: ReturnType<typeof useEditorApi>): string {
  const graph = api.getState().getGraph();
  const trigger = graph.nodes.find((n) => getNodeType(n.type)?.kind === "trigger");
  if (!trigger) return "{}";
  const data = triggerSample(trigger, getNodeType(trigger.type)?.sampleOutput);
  return JSON.stringify(data, null, 2);
}

interface TestRunDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onStart: (data: Record<string, unknown>) => Promise<boolean>;
  starting: boolean;
  error: string | null;
  blockingProblems: number;
}

/** "Test run": edit the trigger data (prefilled from the trigger's sample), then run the current draft. */
export function TestRunDialog({ open, onOpenChange, onStart, starting, error, blockingProblems }: TestRunDialogProps) {
  const api = useEditorApi();
  const [text, setText] = useState<string | null>(null);
  const value = text ?? (open ? initialData(api) : "{}");
  const parsed = useMemo(() => {
    try {
      const v: unknown = JSON.parse(value);
      if (!v || typeof v !== "object" || Array.isArray(v)) return { ok: false as const, message: "Trigger data must be a JSON object, e.g. { \"order\": { \"id\": 1 } }" };
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
      <DialogContent className="max-w-xl" data-testid="test-run-dialog">
        <DialogHeader>
          <DialogTitle className="flex items-center gap-2">
            <FlaskConical className="size-4 text-primary" /> Test run
          </DialogTitle>
          <DialogDescription>
            Runs the current draft once with this trigger data. Steps really execute (HTTP calls, emails to the outbox); the run is marked as a test.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-2">
          <label className="text-sm font-medium" htmlFor="test-run-data">
            Trigger data <span className="font-normal text-muted-foreground">(available as {"{{trigger.…}}"})</span>
          </label>
          <CodeEditor id="test-run-data" testId="test-run-data" language="json" value={value} onChange={setText} minHeight="200px" maxHeight="320px" invalid={!parsed.ok} />
          {!parsed.ok ? <p className="text-xs text-destructive">{parsed.message}</p> : null}
          {blockingProblems > 0 ? (
            <p className="rounded-md bg-warning/10 px-2.5 py-2 text-xs text-[color-mix(in_oklch,var(--warning)_70%,var(--foreground))] dark:text-warning">
              The draft has {blockingProblems} problem{blockingProblems === 1 ? "" : "s"}; the run may fail at those steps.
            </p>
          ) : null}
          {error ? (
            <p className="rounded-md bg-destructive/10 px-2.5 py-2 text-xs text-destructive" role="alert" data-testid="test-run-error">
              {error}
            </p>
          ) : null}
        </div>
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button
            data-testid="test-run-start"
            loading={starting}
            disabled={!parsed.ok}
            onClick={async () => {
              if (!parsed.ok) return;
              if (await onStart(parsed.data)) {
                onOpenChange(false);
                setText(null);
              }
            }}
          >
            <Play /> Run test
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
