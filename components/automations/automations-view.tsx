"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, Plus, Search, SearchX, Workflow, X } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import type { AutomationStatus } from "@/lib/statuses";
import { AUTOMATIONS_LIST_INPUT } from "./list-input";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Kbd } from "@/components/ui/kbd";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Tooltip } from "@/components/ui/tooltip";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { useViewer } from "@/components/shell/shell-context";
import { useHotkey } from "@/components/shell/use-hotkey";
import { errorMessage } from "@/components/shell/errors";
import { NEW_AUTOMATION_EVENT } from "@/components/shell/command-palette";
import { AutomationsTable, AutomationsTableSkeleton, type AutomationListItem } from "./automations-table";
import { CreateAutomationDialog } from "./create-automation-dialog";
import { RenameAutomationDialog } from "./rename-automation-dialog";
import { ArchiveAutomationDialog } from "./archive-automation-dialog";
import { replaceSearchParams } from "@/components/shell/url-state";

const FILTERS = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
  { value: "draft", label: "Draft" },
  { value: "archived", label: "Archived" },
] as const;
type Filter = (typeof FILTERS)[number]["value"];


function matchesFilter(a: AutomationListItem, filter: Filter): boolean {
  if (filter === "all") return a.status !== "ARCHIVED";
  return a.status === (filter.toUpperCase() as AutomationStatus);
}

export function AutomationsView() {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  const searchParams = useSearchParams();
  const filterParam = searchParams.get("status");
  const filter: Filter = FILTERS.some((f) => f.value === filterParam) ? (filterParam as Filter) : "all";
  const [search, setSearch] = React.useState("");
  const [createOpen, setCreateOpen] = React.useState(false);
  const [renaming, setRenaming] = React.useState<AutomationListItem | null>(null);
  const [archiving, setArchiving] = React.useState<AutomationListItem | null>(null);
  const searchRef = React.useRef<HTMLInputElement>(null);

  const list = useQuery(trpc.automations.list.queryOptions(AUTOMATIONS_LIST_INPUT));

  const openCreate = React.useCallback(() => {
    if (canEdit) setCreateOpen(true);
  }, [canEdit]);
  useHotkey("/", () => searchRef.current?.focus());
  useHotkey("n", openCreate, { enabled: canEdit });
  React.useEffect(() => {
    window.addEventListener(NEW_AUTOMATION_EVENT, openCreate);
    return () => window.removeEventListener(NEW_AUTOMATION_EVENT, openCreate);
  }, [openCreate]);
  React.useEffect(() => {
    if (searchParams.get("new") === "1") {
      openCreate();
      const next = new URLSearchParams(searchParams);
      next.delete("new");
      replaceSearchParams(next);
    }
  }, [searchParams, openCreate]);

  function setFilter(value: string) {
    const next = new URLSearchParams(searchParams);
    if (value === "all") next.delete("status");
    else next.set("status", value);
    replaceSearchParams(next);
  }

  const all = list.data ?? [];
  const counts = Object.fromEntries(FILTERS.map((f) => [f.value, all.filter((a) => matchesFilter(a, f.value)).length])) as Record<Filter, number>;
  const needle = search.trim().toLocaleLowerCase();
  const visible = all.filter(
    (a) => matchesFilter(a, filter) && (!needle || a.name.toLocaleLowerCase().includes(needle) || a.description.toLocaleLowerCase().includes(needle)),
  );

  return (
    <>
      <PageHeader
        title="Automations"
        description="Pipelines that run their steps whenever their trigger fires."
        actions={
          canEdit ? (
            <Tooltip content="New automation" shortcut="N">
              <Button onClick={() => setCreateOpen(true)} data-testid="new-automation">
                <Plus />
                New automation
              </Button>
            </Tooltip>
          ) : null
        }
      />
      <PageBody className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <Tabs value={filter} onValueChange={setFilter} className="max-w-full overflow-x-auto">
            <TabsList aria-label="Filter by status">
              {FILTERS.map((f) => (
                <TabsTrigger key={f.value} value={f.value} data-testid={`filter-${f.value}`}>
                  {f.label}
                  {list.data ? <span className="tabular text-xs text-muted-foreground">{counts[f.value]}</span> : null}
                </TabsTrigger>
              ))}
            </TabsList>
          </Tabs>
          <div className="relative w-full sm:w-72">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
            <Input
              ref={searchRef}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Escape") {
                  setSearch("");
                  e.currentTarget.blur();
                }
              }}
              placeholder="Search by name or description"
              aria-label="Search automations"
              data-testid="automation-search"
              className="pr-8 pl-8 [&::-webkit-search-cancel-button]:hidden"
            />
            {search ? (
              <button
                type="button"
                aria-label="Clear search"
                onClick={() => setSearch("")}
                className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-0.5 text-muted-foreground hover:text-foreground"
              >
                <X className="size-3.5" />
              </button>
            ) : (
              <Kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2">/</Kbd>
            )}
          </div>
        </div>

        {list.isPending ? (
          <AutomationsTableSkeleton />
        ) : list.isError ? (
          <div className="rounded-xl border border-border bg-card">
            <EmptyState
              icon={AlertTriangle}
              title="Automations could not be loaded"
              description={errorMessage(list.error)}
              action={
                <Button variant="secondary" onClick={() => void list.refetch()} loading={list.isFetching}>
                  Try again
                </Button>
              }
            />
          </div>
        ) : all.length === 0 ? (
          <div className="rounded-xl border border-dashed border-border bg-card" data-testid="automations-empty">
            <EmptyState
              icon={Workflow}
              title="No automations yet"
              description={
                canEdit
                  ? "Automations start from a trigger (a manual start, a webhook, a schedule) and run conditions and actions step by step."
                  : "Admins of this workspace create automations. When they do, you will see them here and can open them read-only and inspect their runs."
              }
              action={
                canEdit ? (
                  <Button onClick={() => setCreateOpen(true)} data-testid="empty-new-automation">
                    <Plus />
                    Create your first automation
                  </Button>
                ) : null
              }
            />
          </div>
        ) : visible.length === 0 ? (
          <div className="rounded-xl border border-dashed border-border bg-card" data-testid="automations-no-match">
            <EmptyState
              icon={SearchX}
              title={needle ? `No automations match “${search.trim()}”` : `No ${FILTERS.find((f) => f.value === filter)?.label.toLowerCase()} automations`}
              description={needle ? "Try another name, or look in another status tab." : "Automations with this status will show up here."}
              action={
                <Button
                  variant="secondary"
                  onClick={() => {
                    setSearch("");
                    setFilter("all");
                  }}
                >
                  Clear filters
                </Button>
              }
            />
          </div>
        ) : (
          <AutomationsTable automations={visible} canEdit={canEdit} onRename={setRenaming} onArchive={setArchiving} />
        )}
      </PageBody>

      {canEdit ? (
        <>
          <CreateAutomationDialog open={createOpen} onOpenChange={setCreateOpen} />
          <RenameAutomationDialog automation={renaming} onOpenChange={(o) => !o && setRenaming(null)} />
          <ArchiveAutomationDialog automation={archiving} onOpenChange={(o) => !o && setArchiving(null)} />
        </>
      ) : null}
    </>
  );
}
