"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, BookOpen, KeyRound, Plus } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogDescription, AlertDialogFooter, AlertDialogHeader, AlertDialogTitle } from "@/components/ui/alert-dialog";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

type ApiKeyItem = RouterOutputs["apiKeys"]["list"][number];

const STATE_BADGE: Record<ApiKeyItem["state"], { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  expired: { label: "Expired", variant: "warning" },
  revoked: { label: "Revoked", variant: "outline" },
};

/** Settings → API keys (admins): keys for /api/v1 with scopes, shown once at creation, revocable. */
export function ApiKeysSettings() {
  const trpc = useTRPC();
  const list = useQuery(trpc.apiKeys.list.queryOptions());
  const [creating, setCreating] = React.useState(false);
  const [revoking, setRevoking] = React.useState<ApiKeyItem | null>(null);
  const items = list.data ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold">API keys</h2>
          <p className="mt-1 max-w-2xl text-sm text-muted-foreground">
            Keys let other systems use the REST API (<code className="font-mono text-xs">/api/v1</code>) for this workspace, limited to the scopes you grant. A key is shown once; only its prefix is kept visible.
          </p>
        </div>
        <div className="flex gap-2">
          <Button variant="secondary" asChild>
            <Link href="/api-reference" data-testid="api-reference-link">
              <BookOpen /> API reference
            </Link>
          </Button>
          <Button onClick={() => setCreating(true)} data-testid="new-api-key">
            <Plus /> New API key
          </Button>
        </div>
      </div>
      {list.isPending ? (
        <TableContainer>
          <div className="space-y-3 p-4" aria-busy="true" aria-label="Loading API keys">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        </TableContainer>
      ) : list.isError ? (
        <Card>
          <EmptyState icon={AlertTriangle} title="API keys could not be loaded" description={errorMessage(list.error)} action={<Button variant="secondary" onClick={() => void list.refetch()}>Try again</Button>} />
        </Card>
      ) : items.length === 0 ? (
        <Card className="border-dashed" data-testid="api-keys-empty">
          <EmptyState
            icon={KeyRound}
            title="No API keys yet"
            description="Create a key for each system that calls Switchyard (a CRM, a deploy pipeline) so you can revoke one without touching the others."
            action={<Button onClick={() => setCreating(true)}><Plus /> New API key</Button>}
          />
        </Card>
      ) : (
        <TableContainer>
          <Table data-testid="api-keys-table">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead>Scopes</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Created</TableHead>
                <TableHead className="w-20">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((k) => (
                <TableRow key={k.id} data-testid="api-key-row" data-state={k.state} className={k.state === "active" ? undefined : "text-muted-foreground"}>
                  <TableCell className="max-w-56">
                    <span className="block truncate font-medium">{k.name}</span>
                    <Badge variant={STATE_BADGE[k.state].variant} className="mt-1" data-testid="api-key-state">
                      {STATE_BADGE[k.state].label}
                    </Badge>
                  </TableCell>
                  <TableCell>
                    <code className="font-mono text-xs">{k.prefix}_…</code>
                  </TableCell>
                  <TableCell className="max-w-72">
                    <div className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s} variant="neutral" className="font-mono">
                          {s}
                        </Badge>
                      ))}
                    </div>
                  </TableCell>
                  <TableCell>{k.lastUsedAt ? <RelativeTime value={k.lastUsedAt} /> : <span className="text-sm text-muted-foreground">Never</span>}</TableCell>
                  <TableCell>{k.expiresAt ? <RelativeTime value={k.expiresAt} /> : <span className="text-sm text-muted-foreground">Never</span>}</TableCell>
                  <TableCell>
                    <RelativeTime value={k.createdAt} />
                  </TableCell>
                  <TableCell className="text-right">
                    {k.state === "revoked" ? null : (
                      <Button size="sm" variant="ghost" className="text-destructive hover:text-destructive" onClick={() => setRevoking(k)} aria-label={`Revoke ${k.name}`} data-testid="revoke-api-key">
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} />
      <RevokeApiKeyDialog apiKey={revoking} onOpenChange={(o) => !o && setRevoking(null)} />
    </div>
  );
}

function RevokeApiKeyDialog({ apiKey, onOpenChange }: { apiKey: ApiKeyItem | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = React.useState<string | null>(null);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async (k) => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.pathKey() });
        toast.success(`Revoked “${k.name}”`);
        onOpenChange(false);
      },
      onError: (e) => setError(errorMessage(e)),
    }),
  );
  React.useEffect(() => setError(null), [apiKey?.id]);
  return (
    <AlertDialog open={apiKey !== null} onOpenChange={onOpenChange}>
      <AlertDialogContent data-testid="revoke-api-key-dialog">
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke “{apiKey?.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            Requests with <code className="font-mono">{apiKey?.prefix}_…</code> are refused with 401 from now on. This cannot be undone; create a new key if the system still needs access.
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <p role="alert" className="text-sm text-destructive">{error}</p> : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={revoke.isPending} onClick={() => apiKey && revoke.mutate({ id: apiKey.id })} data-testid="confirm-revoke-api-key">
            Revoke key
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
