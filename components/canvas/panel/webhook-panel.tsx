"use client";

import { useState } from "react";
import { useParams } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Link2, RefreshCw, ShieldAlert } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import type { GraphNode } from "@/lib/graph/schema";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { useEditor } from "../store/context";

type AuthMode = "none" | "header" | "hmac";

function sampleCurl(url: string, authMode: AuthMode, headerName: string, method: string): string {
  const body = `'{"amount": 42, "email": "ada@example.com"}'`;
  if (authMode === "header") {
    return `curl -X ${method} '${url}' \\\n  -H 'content-type: application/json' \\\n  -H '${headerName}: <your secret>' \\\n  -d ${body}`;
  }
  if (authMode === "hmac") {
    return [
      `BODY=${body}`,
      `ID=msg_$(date +%s%N); TS=$(date +%s)`,
      `KEY=$(printf %s "$SECRET" | sed 's/^whsec_//' | base64 -d | xxd -p -c 256)`,
      `SIG=$(printf %s "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KEY -binary | base64)`,
      `curl -X ${method} '${url}' \\\n  -H 'content-type: application/json' \\\n  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" \\\n  -H "webhook-signature: v1,$SIG" \\\n  -d "$BODY"`,
    ].join("\n");
  }
  return `curl -X ${method} '${url}' \\\n  -H 'content-type: application/json' \\\n  -d ${body}`;
}

/**
 * Webhook trigger panel: the hook's URL (copy, rotate), a sample curl for the
 * configured auth mode, and the secret — shown once right after it is
 * generated or rotated, afterwards only "set on <date>". Specialists
 * (read-only) see the URL and options, never a secret or the rotate buttons.
 */
export function WebhookPanel({ node }: { node: GraphNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const params = useParams<{ automationId: string }>();
  const automationId = params.automationId;
  const readOnly = useEditor((s) => s.readOnly);
  const config = node.config as { authMode?: AuthMode; headerName?: string; methods?: string[] };
  const authMode: AuthMode = config.authMode ?? "none";
  const headerName = config.headerName || "x-webhook-secret";
  const method = config.methods?.[0] ?? "POST";
  const [revealed, setRevealed] = useState<string | null>(null);
  const [confirmUrl, setConfirmUrl] = useState(false);

  const endpointKey = trpc.webhooks.get.queryKey({ automationId });
  const endpoint = useQuery({ ...trpc.webhooks.get.queryOptions({ automationId }), enabled: Boolean(automationId) });
  const onEndpoint = (data: unknown) => queryClient.setQueryData(endpointKey, data as never);
  const createUrl = useMutation(
    trpc.webhooks.rotateUrl.mutationOptions({
      onSuccess: (data) => {
        onEndpoint(data);
        toast.success(confirmUrl ? "New URL created; the old one no longer works" : "Webhook URL created");
        setConfirmUrl(false);
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const rotateSecret = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (data) => {
        onEndpoint(data.endpoint);
        setRevealed(data.secret);
      },
      onError: (e) => toast.error(e.message),
    }),
  );

  if (endpoint.isPending) {
    return (
      <div className="mb-4 grid gap-2" data-testid="webhook-panel">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-9 w-full" />
      </div>
    );
  }
  const info = endpoint.data ?? null;

  return (
    <section className="mb-5 grid min-w-0 grid-cols-1 gap-3 rounded-lg border border-border bg-muted/30 p-3" data-testid="webhook-panel" aria-label="Webhook URL and secret">
      <div className="grid min-w-0 grid-cols-1 gap-1.5">
        <div className="flex items-center justify-between gap-2">
          <h3 className="flex items-center gap-1.5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
            <Link2 className="size-3.5" /> Webhook URL
          </h3>
          {info ? (
            <span className={info.active ? "text-xs text-success" : "text-xs text-muted-foreground"} data-testid="webhook-active">
              {info.active ? "Live" : "Not live: publish and activate the automation"}
            </span>
          ) : null}
        </div>
        {info ? (
          <div className="flex items-center gap-1">
            <code className="min-w-0 flex-1 truncate rounded-md border border-border bg-background px-2 py-1.5 font-mono text-xs" data-testid="webhook-url" title={info.url}>
              {info.url}
            </code>
            <CopyButton value={info.url} label="Copy URL" data-testid="webhook-copy-url" />
            {!readOnly ? (
              <Button size="icon-xs" variant="ghost" aria-label="Rotate URL" data-testid="webhook-rotate-url" onClick={() => setConfirmUrl(true)}>
                <RefreshCw />
              </Button>
            ) : null}
          </div>
        ) : readOnly ? (
          <p className="text-xs text-muted-foreground">This automation has no webhook URL yet; an admin creates it by publishing.</p>
        ) : (
          <div className="flex items-center justify-between gap-2">
            <p className="text-xs text-muted-foreground">The URL is created when you publish.</p>
            <Button size="xs" variant="outline" data-testid="webhook-create-url" loading={createUrl.isPending} onClick={() => createUrl.mutate({ automationId, rotate: false })}>
              Create URL now
            </Button>
          </div>
        )}
      </div>

      {info ? (
        <details className="group min-w-0">
          <summary className="cursor-pointer text-xs font-medium text-muted-foreground hover:text-foreground">Sample request (curl)</summary>
          <div className="relative mt-1.5">
            <pre className="overflow-x-auto rounded-md border border-border bg-background p-2 pr-8 font-mono text-[11px] leading-relaxed" data-testid="webhook-curl">
              {sampleCurl(info.url, authMode, headerName, method)}
            </pre>
            <CopyButton value={sampleCurl(info.url, authMode, headerName, method)} label="Copy curl" className="absolute right-1 top-1" />
          </div>
          {authMode === "hmac" ? (
            <p className="mt-1.5 text-xs text-muted-foreground">
              Standard Webhooks: <code>webhook-signature</code> is <code>v1,</code> + base64 HMAC-SHA256 of <code>id.timestamp.body</code> under the
              base64-decoded part of the <code>whsec_</code> secret. Timestamps older than 5 minutes are rejected; a repeated{" "}
              <code>webhook-id</code> returns the first run instead of starting another. Any Standard Webhooks library signs this way.
            </p>
          ) : null}
        </details>
      ) : null}

      {authMode !== "none" ? (
        <div className="grid min-w-0 grid-cols-1 gap-1.5 border-t border-border pt-3" data-testid="webhook-secret">
          <h3 className="flex items-center gap-1.5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">
            <KeyRound className="size-3.5" /> {authMode === "hmac" ? "Signing secret" : `Secret (${headerName} header)`}
          </h3>
          {revealed ? (
            <div className="grid min-w-0 grid-cols-1 gap-1.5 rounded-md border border-warning/50 bg-warning/5 p-2" role="status">
              <p className="flex items-center gap-1.5 text-xs font-medium">
                <ShieldAlert className="size-3.5 text-warning" /> Copy it now: it will not be shown again.
              </p>
              <div className="flex items-center gap-1">
                <code className="min-w-0 flex-1 break-all rounded bg-background px-2 py-1 font-mono text-xs" data-testid="webhook-secret-value">
                  {revealed}
                </code>
                <CopyButton value={revealed} label="Copy secret" data-testid="webhook-copy-secret" />
              </div>
              <Button size="xs" variant="ghost" className="justify-self-start" onClick={() => setRevealed(null)}>
                I saved it
              </Button>
            </div>
          ) : info?.hasSecret && info.secretSetAt ? (
            <p className="text-xs text-muted-foreground" data-testid="webhook-secret-set">
              Set on {new Date(info.secretSetAt).toLocaleString()}
              {info.authMode !== authMode ? " (for the other auth mode: generate a new one)" : ""}
            </p>
          ) : (
            <p className="text-xs text-muted-foreground" data-testid="webhook-secret-missing">
              No secret yet: every request is rejected (401) until one is generated.
            </p>
          )}
          {!readOnly && !revealed ? (
            <Button
              size="xs"
              variant="outline"
              className="justify-self-start"
              data-testid="webhook-generate-secret"
              loading={rotateSecret.isPending}
              onClick={() => rotateSecret.mutate({ automationId, kind: authMode === "hmac" ? "hmac" : "header" })}
            >
              {info?.hasSecret ? "Rotate secret" : "Generate secret"}
            </Button>
          ) : null}
        </div>
      ) : null}

      <AlertDialog open={confirmUrl} onOpenChange={setConfirmUrl}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Rotate the webhook URL?</AlertDialogTitle>
            <AlertDialogDescription>The current URL stops working at once (404). Senders must be updated with the new URL.</AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Cancel</AlertDialogCancel>
            <AlertDialogAction data-testid="webhook-rotate-confirm" onClick={() => createUrl.mutate({ automationId, rotate: true })}>
              Rotate URL
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
