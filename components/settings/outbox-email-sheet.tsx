"use client";

import * as React from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatAbsolute } from "@/components/ui/relative-time";
import { errorMessage } from "@/components/shell/errors";
import { OutboxStatusBadge } from "./outbox-status-badge";

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[5rem_minmax(0,1fr)] gap-3 py-1.5 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export function OutboxEmailSheet({ id, onClose }: { id: string | null; onClose: () => void }) {
  const trpc = useTRPC();
  const email = useQuery({ ...trpc.outbox.get.queryOptions({ id: id ?? "" }), enabled: id !== null });
  const m = email.data;
  return (
    <Sheet open={id !== null} onOpenChange={(o) => !o && onClose()}>
      <SheetContent className="sm:max-w-xl" data-testid="outbox-email">
        <SheetHeader>
          <SheetTitle className="truncate">{m ? m.subject || "(no subject)" : "Email"}</SheetTitle>
          <SheetDescription>{m ? `Created ${formatAbsolute(m.createdAt)}` : "Loading…"}</SheetDescription>
        </SheetHeader>
        <SheetBody className="space-y-5">
          {email.isPending ? (
            <div className="space-y-2">
              <Skeleton className="h-4 w-2/3" />
              <Skeleton className="h-4 w-1/2" />
              <Skeleton className="h-48" />
            </div>
          ) : email.isError ? (
            <p className="text-sm text-destructive">{errorMessage(email.error)}</p>
          ) : m ? (
            <>
              <dl className="divide-y divide-border rounded-lg border border-border px-3">
                <Row label="Status">
                  <span className="flex items-center gap-2">
                    <OutboxStatusBadge status={m.status} />
                    <span className="text-xs text-muted-foreground">via {m.transport}</span>
                  </span>
                </Row>
                <Row label="From">{m.from}</Row>
                <Row label="To">
                  <span data-testid="outbox-to">{m.to}</span>
                </Row>
                {m.cc ? <Row label="Cc">{m.cc}</Row> : null}
                {m.bcc ? <Row label="Bcc">{m.bcc}</Row> : null}
                <Row label="Subject">
                  <span className="font-medium" data-testid="outbox-subject">
                    {m.subject}
                  </span>
                </Row>
                {m.messageId ? (
                  <Row label="Message ID">
                    <span className="font-mono text-xs">{m.messageId}</span>
                  </Row>
                ) : null}
                {m.runId ? (
                  <Row label="Run">
                    <Link href={`/runs/${m.runId}`} className="font-mono text-xs text-primary hover:underline">
                      {m.runId}
                    </Link>
                  </Row>
                ) : null}
                {m.error ? (
                  <Row label="Error">
                    <span className="text-destructive">{m.error}</span>
                  </Row>
                ) : null}
              </dl>
              {m.sensitive ? (
                <p className="rounded-lg border border-border bg-muted/30 px-3 py-2 text-xs text-muted-foreground" data-testid="outbox-sensitive">
                  {m.revealed
                    ? "This email carries a personal approval or form link: anyone holding it can answer in the recipient's name. It is stored encrypted and shown to admins only; do not share it."
                    : "This email carried a personal approval or form link; it is hidden here (••••). Only its recipient can use it."}
                </p>
              ) : null}
              <Tabs defaultValue={m.html ? "html" : "text"}>
                <TabsList>
                  <TabsTrigger value="text">Text</TabsTrigger>
                  <TabsTrigger value="html" disabled={!m.html}>
                    HTML
                  </TabsTrigger>
                </TabsList>
                <TabsContent value="text" className="pt-3">
                  <pre className="rounded-lg border border-border bg-muted/30 p-3 font-sans text-sm whitespace-pre-wrap" data-testid="outbox-body">
                    {m.text || <span className="text-muted-foreground italic">No text body</span>}
                  </pre>
                </TabsContent>
                <TabsContent value="html" className="pt-3">
                  {/* sandbox="" : no scripts, no same-origin access, no navigation */}
                  <iframe title="HTML body" sandbox="" srcDoc={m.html} className="h-96 w-full rounded-lg border border-border bg-white" />
                </TabsContent>
              </Tabs>
            </>
          ) : null}
        </SheetBody>
      </SheetContent>
    </Sheet>
  );
}
