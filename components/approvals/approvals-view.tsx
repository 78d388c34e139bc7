"use client";

import { useSearchParams } from "next/navigation";
import { useInfiniteQuery } from "@tanstack/react-query";
import { AlertTriangle, ArrowDown, CheckCheck, History } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { errorMessage } from "@/components/shell/errors";
import { replaceSearchParams } from "@/components/shell/url-state";
import { ApprovalSheet } from "./approval-sheet";
import { ApprovalsTable, ApprovalsTableSkeleton } from "./approvals-table";

export const APPROVALS_DESCRIPTION = "Runs paused until people approve, reject or fill in a form. Approvers outside the workspace answer from the link in their email.";

/** The Approvals inbox: pending requests across the workspace and the history of decisions; ?request=<id> opens one. */
export function ApprovalsView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const tab = params.get("tab") === "history" ? "history" : "pending";
  const open = params.get("request");
  const list = useInfiniteQuery(
    trpc.approvals.list.infiniteQueryOptions(
      { status: tab === "pending" ? "pending" : "decided", limit: 50 },
      { getNextPageParam: (p) => p.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  function setParam(key: string, value: string | null) {
    const p = new URLSearchParams(params.toString());
    if (value === null) p.delete(key);
    else p.set(key, value);
    replaceSearchParams(p);
  }

  return (
    <>
      <PageHeader title="Approvals" description={APPROVALS_DESCRIPTION} />
      <PageBody className="space-y-4">
        <Tabs value={tab} onValueChange={(v) => setParam("tab", v === "pending" ? null : v)}>
          <TabsList aria-label="Approvals">
            <TabsTrigger value="pending" data-testid="approvals-tab-pending">Pending</TabsTrigger>
            <TabsTrigger value="history" data-testid="approvals-tab-history">History</TabsTrigger>
          </TabsList>
        </Tabs>
        {list.isPending ? (
          <ApprovalsTableSkeleton />
        ) : list.isError ? (
          <div className="rounded-xl border border-border bg-card">
            <EmptyState icon={AlertTriangle} title="Approvals could not be loaded" description={errorMessage(list.error)} />
          </div>
        ) : items.length === 0 ? (
          <div className="rounded-xl border border-dashed border-border bg-card" data-testid="approvals-empty">
            {tab === "pending" ? (
              <EmptyState
                icon={CheckCheck}
                title="No approvals waiting"
                description="When a run reaches an approval or form step it pauses here until its approvers answer. Approvers outside the workspace decide on a public page from their email."
              />
            ) : (
              <EmptyState icon={History} title="No decisions yet" description="Approved, rejected, submitted and expired requests are listed here with who decided, when and how." />
            )}
          </div>
        ) : (
          <>
            <ApprovalsTable items={items} pending={tab === "pending"} onOpen={(id) => setParam("request", id)} />
            {list.hasNextPage ? (
              <div className="flex justify-center">
                <Button variant="secondary" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                  <ArrowDown /> Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </PageBody>
      <ApprovalSheet id={open} onOpenChange={(o) => (o ? undefined : setParam("request", null))} />
    </>
  );
}
