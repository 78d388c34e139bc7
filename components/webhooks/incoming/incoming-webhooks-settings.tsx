"use client";

import * as React from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, Webhook } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableContainer, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/components/shell/errors";
import { useViewer } from "@/components/shell/shell-context";
import { authModeLabel, responseModeLabel, secretNote, stateOf } from "./incoming-model";

/**
 * Settings → Webhooks → Incoming: every automation started by a webhook, with
 * its URL (copy), authentication, response mode, state and last request. The
 * webhook itself is configured on the automation's canvas (trigger node), so
 * each row links to the editor; nothing here writes, and secrets are never
 * shown — only whether one is set. Specialists see the same table.
 */
export function IncomingWebhooksSettings() {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  const list = useQuery(trpc.webhooks.listIncoming.queryOptions({ withLastRequest: true }));
  const items = list.data ?? [];

  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-base font-semibold">Incoming webhooks</h2>
        <p className="mt-1 max-w-2xl text-sm text-muted-foreground">
          Automations with a Webhook trigger start when another system calls their URL. Change a webhook&apos;s options, secret or URL in the automation&apos;s editor.
        </p>
      </div>
      {list.isPending ? (
        <TableContainer>
          <div className="space-y-3 p-4" aria-busy="true" aria-label="Loading incoming webhooks">
            {Array.from({ length: 3 }, (_, i) => (
              <Skeleton key={i} className="h-8" />
            ))}
          </div>
        </TableContainer>
      ) : list.isError ? (
        <Card>
          <EmptyState
            icon={AlertTriangle}
            title="Incoming webhooks could not be loaded"
            description={errorMessage(list.error)}
            action={
              <Button variant="secondary" onClick={() => void list.refetch()}>
                Try again
              </Button>
            }
          />
        </Card>
      ) : items.length === 0 ? (
        <Card className="border-dashed" data-testid="incoming-empty">
          <EmptyState
            icon={Webhook}
            title="No incoming webhooks yet"
            description={
              canEdit
                ? "Open an automation, select its trigger on the canvas and choose Webhook: it gets its own URL, listed here. Publish the automation to make the URL start runs."
                : "An admin can give an automation a Webhook trigger on its canvas; its URL is then listed here."
            }
            action={
              canEdit ? (
                <Button asChild variant="secondary">
                  <Link href="/automations">Go to automations</Link>
                </Button>
              ) : undefined
            }
          />
        </Card>
      ) : (
        <TableContainer>
          <Table data-testid="incoming-table" aria-label="Incoming webhooks">
            <TableHeader>
              <TableRow>
                <TableHead>Automation</TableHead>
                <TableHead>URL</TableHead>
                <TableHead>Authentication</TableHead>
                <TableHead>Response</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Last request</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((w) => {
                const state = stateOf(w);
                const note = secretNote(w);
                return (
                  <TableRow key={w.id} data-testid="incoming-row" data-webhook-id={w.id}>
                    <TableCell className="max-w-56">
                      <Link
                        href={`/automations/${w.automation.id}/edit`}
                        className="block truncate rounded-sm font-medium hover:underline focus-visible:underline focus-visible:outline-none"
                        title={`Open ${w.automation.name} in the editor`}
                        data-testid="incoming-automation-link"
                      >
                        {w.automation.name}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-80">
                      <span className="flex items-center gap-1">
                        <code className="min-w-0 truncate font-mono text-xs" title={w.url} data-testid="incoming-url">
                          {w.url}
                        </code>
                        <CopyButton value={w.url} label={`Copy the URL of ${w.automation.name}`} />
                      </span>
                    </TableCell>
                    <TableCell>
                      <span className="grid gap-0.5">
                        <span className="text-sm">{authModeLabel(w.authMode)}</span>
                        {note ? <span className={note.missing ? "text-xs text-warning" : "text-xs text-muted-foreground"}>{note.text}</span> : null}
                      </span>
                    </TableCell>
                    <TableCell className="text-sm">{responseModeLabel(w.responseMode)}</TableCell>
                    <TableCell>
                      <span className="grid justify-items-start gap-0.5">
                        <Badge variant={state.variant} data-testid="incoming-state">
                          {state.label}
                        </Badge>
                        {w.pendingPublish && w.active ? <span className="text-xs text-muted-foreground">Unpublished changes</span> : null}
                      </span>
                    </TableCell>
                    <TableCell className="text-sm">
                      {w.lastRequestAt ? <RelativeTime value={w.lastRequestAt} /> : <span className="text-muted-foreground">Never</span>}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </div>
  );
}
