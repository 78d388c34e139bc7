"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ShieldAlert } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { inlineSecretsOf, moveInlineSecretPlan as plan, type InlineSecret } from "@/lib/connections/inline-secrets";
import type { GraphNode } from "@/lib/graph/schema";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { errorCode, errorMessage } from "@/components/shell/errors";
import { useEditor, useEditorApi } from "../store/context";

/** "Move to a connection": a secret typed into the step becomes an encrypted connection in one click. */
export function InlineSecrets({ node }: { node: GraphNode }) {
  const trpc = useTRPC();
  const api = useEditorApi();
  const queryClient = useQueryClient();
  const readOnly = useEditor((s) => s.readOnly);
  const secrets = inlineSecretsOf(node);
  const create = useMutation(trpc.connections.create.mutationOptions());
  const [busy, setBusy] = React.useState<string | null>(null);
  if (secrets.length === 0) return null;

  async function move(secret: InlineSecret) {
    setBusy(secret.field);
    const base = `${node.name} · ${secret.name ?? "Slack webhook"}`.slice(0, 70);
    try {
      for (let attempt = 1; ; attempt++) {
        const name = attempt === 1 ? base : `${base} ${attempt}`;
        const p = plan(node, secret, name);
        try {
          const created = await create.mutateAsync({ name, type: p.type, values: p.values });
          const config = p.type === "secrets" ? p.config : { ...p.config, connectionId: created.id };
          api.getState().updateConfig(node.id, config, secret.field);
          await queryClient.invalidateQueries({ queryKey: trpc.connections.pathKey() });
          toast.success(`Moved to the connection “${name}”`, { description: "The secret is encrypted now; publish to stop storing it in new versions." });
          return;
        } catch (e) {
          if (errorCode(e) !== "CONFLICT" || attempt >= 5) throw e;
        }
      }
    } catch (e) {
      toast.error("Could not move the secret", { description: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="mb-4 grid gap-2 rounded-lg border border-warning/30 bg-warning/10 px-3 py-2.5" data-testid="inline-secrets">
      {secrets.map((s) => (
        <div key={s.field} className="flex items-start gap-2 text-xs">
          <ShieldAlert className="mt-0.5 size-3.5 shrink-0 text-warning" aria-hidden />
          <p className="min-w-0 flex-1">
            {s.kind === "slack_webhook" ? "The Slack webhook URL" : <>The {s.kind === "header" ? "header" : "query parameter"} <span className="font-mono">{s.name}</span></>} is a secret typed into this step: it is stored in clear in every version.
          </p>
          {!readOnly ? (
            <Button size="sm" variant="secondary" className="h-7 shrink-0" loading={busy === s.field} disabled={busy !== null} onClick={() => void move(s)} data-testid="move-to-connection">
              Move to a connection
            </Button>
          ) : null}
        </div>
      ))}
    </div>
  );
}
