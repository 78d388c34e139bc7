"use client";

import { memo } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { nodeSettingsSchema, type GraphNode, type NodeSettings } from "@/lib/graph/schema";
import type { CatalogNodeType } from "@/lib/nodes/field-meta";
import { useEditor, useEditorApi } from "../store/context";
import { DurationInput } from "./duration-input";

/** Retry policy, timeout and continue-on-error of one node (GraphNode.settings). */
export const NodeSettingsForm = memo(function NodeSettingsForm({ node, def }: { node: GraphNode; def: CatalogNodeType }) {
  const api = useEditorApi();
  const readOnly = useEditor((s) => s.readOnly);
  const settings: NodeSettings = nodeSettingsSchema.parse(node.settings ?? {});
  const update = (patch: Partial<NodeSettings>, key: string) => api.getState().updateSettings(node.id, { ...settings, ...patch }, key);
  const retry = settings.retry;
  const isTrigger = def.kind === "trigger";

  return (
    <div className="grid gap-5" data-testid="node-settings">
      {!isTrigger ? (
        <section className="grid gap-3">
          <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Retries</h4>
          <Field id={`set-${node.id}-attempts`} label="Max attempts" description="Total tries including the first; 1 means no retry. Retries use exponential backoff.">
            <Input
              id={`set-${node.id}-attempts`}
              data-testid="setting-max-attempts"
              type="number"
              min={1}
              max={10}
              disabled={readOnly}
              value={retry.maxAttempts}
              onChange={(e) => {
                const n = Math.round(Number(e.target.value));
                if (Number.isFinite(n) && n >= 1 && n <= 10) update({ retry: { ...retry, maxAttempts: n } }, "attempts");
              }}
            />
          </Field>
          {retry.maxAttempts > 1 ? (
            <>
              <Field id={`set-${node.id}-backoff`} label="First retry after" description="Doubles on every attempt (±20% jitter).">
                <DurationInput
                  id={`set-${node.id}-backoff`}
                  testId="setting-backoff"
                  valueMs={retry.backoffMs}
                  max={3_600_000}
                  disabled={readOnly}
                  onChange={(ms) => update({ retry: { ...retry, backoffMs: ms } }, "backoff")}
                />
              </Field>
              <Field id={`set-${node.id}-maxbackoff`} label="Longest wait between retries">
                <DurationInput
                  id={`set-${node.id}-maxbackoff`}
                  valueMs={retry.maxBackoffMs}
                  max={24 * 3_600_000}
                  disabled={readOnly}
                  onChange={(ms) => update({ retry: { ...retry, maxBackoffMs: ms } }, "maxbackoff")}
                />
              </Field>
            </>
          ) : null}
        </section>
      ) : null}
      <section className="grid gap-3">
        <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Limits</h4>
        <Field
          id={`set-${node.id}-timeout`}
          label="Timeout per attempt"
          description={`0 uses this step type's default (${Math.round(def.defaultTimeoutMs / 1000)} s).`}
        >
          <DurationInput
            id={`set-${node.id}-timeout`}
            testId="setting-timeout"
            valueMs={settings.timeoutMs}
            max={3_600_000}
            disabled={readOnly}
            onChange={(ms) => update({ timeoutMs: ms }, "timeout")}
          />
        </Field>
      </section>
      {!isTrigger ? (
        <section className="grid gap-2">
          <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">On failure</h4>
          <div className="flex items-start justify-between gap-3 rounded-lg border border-border p-3">
            <label htmlFor={`set-${node.id}-coe`} className="grid gap-0.5">
              <span className="text-sm font-medium">Continue on error</span>
              <span className="text-xs text-muted-foreground">Record the failure and continue with the next step instead of failing the run.</span>
            </label>
            <Switch
              id={`set-${node.id}-coe`}
              data-testid="setting-continue-on-error"
              checked={settings.continueOnError}
              disabled={readOnly}
              onCheckedChange={(v) => update({ continueOnError: v }, "coe")}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
});
