"use client";

import * as React from "react";
import { z } from "zod";
import { CheckCircle2, Filter, XCircle } from "lucide-react";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/utils";
import { JsonViewer } from "./json-viewer";

const resultSchema = z.object({
  passed: z.boolean(),
  results: z.array(
    z.object({
      passed: z.boolean(),
      field: z.string(),
      operator: z.string(),
      expected: z.unknown().optional(),
      actual: z.unknown().optional(),
      reason: z.string(),
    }),
  ),
});

/** The automation-level conditions evaluation recorded on a run (why it was SKIPPED, or that it passed). */
export function ConditionsResult({ value, skipped }: { value: unknown; skipped: boolean }) {
  const parsed = resultSchema.safeParse(value);
  if (!parsed.success) {
    return <JsonViewer title="Conditions evaluation" value={value} />;
  }
  const { passed, results } = parsed.data;
  return (
    <Card className={cn("overflow-hidden", skipped && "border-warning/40")} data-testid="conditions-result">
      <div className={cn("flex items-center gap-2 border-b border-border px-4 py-2.5", skipped ? "bg-warning/10" : "bg-muted/30")}>
        <Filter className="size-4 text-muted-foreground" aria-hidden />
        <h2 className="text-sm font-semibold">Conditions</h2>
        <span className="text-sm text-muted-foreground">
          {results.length === 0
            ? "none configured"
            : passed
              ? `all ${results.length} met`
              : `${results.filter((r) => !r.passed).length} of ${results.length} not met — the run was skipped, no step executed`}
        </span>
      </div>
      {results.length > 0 ? (
        <ul className="divide-y divide-border">
          {results.map((r, i) => (
            <li key={i} className="flex items-start gap-2.5 px-4 py-2.5 text-sm">
              {r.passed ? (
                <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-success" aria-label="Met" />
              ) : (
                <XCircle className="mt-0.5 size-4 shrink-0 text-destructive" aria-label="Not met" />
              )}
              <div className="min-w-0">
                <p className="font-mono text-xs">
                  <span className="text-foreground">{r.field}</span> <span className="text-primary">{r.operator}</span>{" "}
                  {r.expected === undefined ? null : <span className="text-muted-foreground">{JSON.stringify(r.expected)}</span>}
                </p>
                <p className="mt-0.5 text-xs text-muted-foreground">{r.reason}</p>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
