"use client";

import * as React from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ShieldAlert } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { connectionTemplate } from "@/lib/connections/refs";
import { inlineSecretsOf, type InlineSecret } from "@/lib/connections/inline-secrets";
import type { GraphNode } from "@/lib/graph/schema";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { errorCode, errorMessage } from "@/components/shell/errors";
import { useEditor, useEditorApi } from "../store/context";

type Rows = Array<{ key: string; value: string }>;

/** The connection a typed-in secret becomes, and the node config that then uses it instead. */
function plan(node: GraphNode, secret: InlineSecret, name: string): { type: string; values: Record<string, string>; config: Record<string, unknown> } {
  const config = { ...(node.config as Record<string, unknown>) };
  if (secret.kind === "slack_webhook") return { type: "slack_webhook", values: { webhookUrl: secret.value.trim() }, config: { ...config, connectionId: "", webhookUrl: "" } };
  const [list, index] = secret.field.split(".") as ["headers" | "query", string];
  const rows = [...((config[list] as Rows | undefined) ?? [])];
  const bearer = /^bearer\s+(.+)$/i.exec(secret.value.trim());
  if (secret.kind === "header" && !config.connectionId) {
    const withoutRow = rows.filter((_, i) => i !== Number(index));
    return bearer && secret.name?.toLowerCase() === "authorization"
      ? { type: "http_bearer", values: { token: bearer[1] }, config: { ...config, [list]: withoutRow } }
      : { type: "http_header", values: { headerName: secret.name ?? "Authorization", value: secret.value }, config: { ...config, [list]: withoutRow } };
  }
  // Authentication is taken (or a query parameter): keep the row and read the secret from a key/value connection.
  rows[Number(index)] = { ...rows[Number(index)], value: connectionTemplate(name, "value") };
  return { type: "secrets", values: { value: secret.value }, config: { ...config, [list]: rows } };
}

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
