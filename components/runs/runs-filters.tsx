"use client";

import * as React from "react";
import { ChevronDown, Search, X } from "lucide-react";
import { RUN_STATUSES, type RunStatus } from "@/lib/statuses";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { statusStyle } from "@/components/ui/status-badge";
import { cn } from "@/components/ui/utils";

/** The runs list's filters as kept in the URL query string (shareable, survives reload). */
export interface RunFilters {
  /** empty = every status */
  status: RunStatus[];
  /** "all" or an automation id */
  automationId: string;
  /** "all" or manual | webhook | schedule | event */
  triggerType: string;
  mode: "all" | "live" | "test";
  /** yyyy-mm-dd (local day) or "" */
  from: string;
  to: string;
  /** run id (exact / prefix) or trigger-data text */
  q: string;
}

export const DEFAULT_RUN_FILTERS: RunFilters = { status: [], automationId: "all", triggerType: "all", mode: "all", from: "", to: "", q: "" };

export const TRIGGER_TYPE_OPTIONS = [
  { value: "manual", label: "Manual" },
  { value: "webhook", label: "Webhook" },
  { value: "schedule", label: "Schedule" },
  { value: "event", label: "Event" },
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from a query string; unknown values fall back to "all". */
export function readRunFilters(params: URLSearchParams, fixedAutomationId?: string): RunFilters {
  const status = (params.get("status") ?? "")
    .split(",")
    .filter((s): s is RunStatus => (RUN_STATUSES as readonly string[]).includes(s));
  const mode = params.get("mode");
  const trigger = params.get("trigger");
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  return {
    status: [...new Set(status)],
    automationId: fixedAutomationId ?? (params.get("automationId") || "all"),
    triggerType: trigger && TRIGGER_TYPE_OPTIONS.some((o) => o.value === trigger) ? trigger : "all",
    mode: mode === "live" || mode === "test" ? mode : "all",
    from: DAY.test(from) ? from : "",
    to: DAY.test(to) ? to : "",
    q: (params.get("q") ?? "").slice(0, 200),
  };
}

/** The query string of a filter set (defaults left out; the fixed automation of a per-automation page too). */
export function runFiltersToParams(f: RunFilters, fixedAutomationId?: string): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status.length) p.set("status", f.status.join(","));
  if (!fixedAutomationId && f.automationId !== "all") p.set("automationId", f.automationId);
  if (f.triggerType !== "all") p.set("trigger", f.triggerType);
  if (f.mode !== "all") p.set("mode", f.mode);
  if (f.from) p.set("from", f.from);
  if (f.to) p.set("to", f.to);
  if (f.q.trim()) p.set("q", f.q.trim());
  return p;
}

/** runs.list input for a filter set (local days → instants: from 00:00, to 23:59:59.999). */
export function runsListInput(f: RunFilters) {
  return {
    limit: 25,
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.automationId !== "all" ? { automationId: f.automationId } : {}),
    ...(f.triggerType !== "all" ? { triggerType: f.triggerType } : {}),
    ...(f.mode !== "all" ? { isTest: f.mode === "test" } : {}),
    ...(f.from ? { from: new Date(`${f.from}T00:00:00`) } : {}),
    ...(f.to ? { to: new Date(`${f.to}T23:59:59.999`) } : {}),
    ...(f.q.trim() ? { search: f.q.trim() } : {}),
  };
}

export function isFiltered(f: RunFilters, fixedAutomationId?: string): boolean {
  return (
    f.status.length > 0 ||
    (!fixedAutomationId && f.automationId !== "all") ||
    f.triggerType !== "all" ||
    f.mode !== "all" ||
    Boolean(f.from || f.to || f.q.trim())
  );
}

function StatusFilter({ value, onChange }: { value: RunStatus[]; onChange: (next: RunStatus[]) => void }) {
  const label =
    value.length === 0 ? "All statuses" : value.length <= 2 ? value.map((s) => statusStyle("run", s).label).join(", ") : `${value.length} statuses`;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="secondary" size="sm" className="h-8 min-w-40 justify-between font-normal" aria-label={`Filter by status: ${label}`} data-testid="runs-status-filter">
          <span className="truncate">{label}</span>
          <ChevronDown className="text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-52">
        {RUN_STATUSES.map((s) => (
          <DropdownMenuCheckboxItem
            key={s}
            checked={value.includes(s)}
            // keep the menu open: several statuses are usually picked at once
            onSelect={(e) => e.preventDefault()}
            onCheckedChange={(on) => onChange(on ? [...value, s] : value.filter((v) => v !== s))}
            data-testid={`runs-status-option-${s}`}
          >
            {statusStyle("run", s).label}
          </DropdownMenuCheckboxItem>
        ))}
        {value.length ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => onChange([])}>Any status</DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** Search box: updates the URL 300 ms after typing stops; Escape clears it. */
function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const [text, setText] = React.useState(value);
  const last = React.useRef(value);
  React.useEffect(() => {
    // the URL changed from outside (reset, back/forward)
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);
  React.useEffect(() => {
    if (text === last.current) return;
    const t = setTimeout(() => {
      last.current = text;
      onChange(text);
    }, 300);
    return () => clearTimeout(t);
  }, [text, onChange]);
  return (
    <div className="relative w-full sm:w-72">
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
      <Input
        type="search"
        value={text}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape" && text) {
            e.preventDefault();
            setText("");
          }
        }}
        placeholder="Search run id or trigger data…"
        aria-label="Search runs by run id or trigger data"
        className="pl-8"
        data-testid="runs-search"
      />
    </div>
  );
}

function DateField({ label, value, min, max, onChange, testId }: { label: string; value: string; min?: string; max?: string; onChange: (v: string) => void; testId: string }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted-foreground">
      <span>{label}</span>
      <Input type="date" value={value} min={min} max={max} onChange={(e) => onChange(e.target.value)} className={cn("h-8 w-[9.5rem] tabular", !value && "text-muted-foreground")} data-testid={testId} />
    </label>
  );
}

export function RunsFilters({
  value,
  onChange,
  automations,
  hideAutomation = false,
}: {
  value: RunFilters;
  onChange: (next: RunFilters) => void;
  automations: { id: string; name: string }[];
  hideAutomation?: boolean;
}) {
  const dirty = isFiltered(value, hideAutomation ? value.automationId : undefined);
  const setQ = React.useCallback((q: string) => onChange({ ...value, q }), [onChange, value]);
  return (
    <div className="space-y-2" role="group" aria-label="Filter runs">
      <div className="flex flex-wrap items-center gap-2">
        <SearchBox value={value.q} onChange={setQ} />
        <Tabs value={value.mode} onValueChange={(mode) => onChange({ ...value, mode: mode as RunFilters["mode"] })}>
          <TabsList aria-label="Live or test runs">
            <TabsTrigger value="all" data-testid="runs-mode-all">
              All runs
            </TabsTrigger>
            <TabsTrigger value="live" data-testid="runs-mode-live">
              Live
            </TabsTrigger>
            <TabsTrigger value="test" data-testid="runs-mode-test">
              Test
            </TabsTrigger>
          </TabsList>
        </Tabs>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <StatusFilter value={value.status} onChange={(status) => onChange({ ...value, status })} />
        {hideAutomation ? null : (
          <Select value={value.automationId} onValueChange={(automationId) => onChange({ ...value, automationId })}>
            <SelectTrigger className="w-52" aria-label="Filter by automation" data-testid="runs-automation-filter">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value="all">All automations</SelectItem>
              {automations.length > 0 ? <SelectSeparator /> : null}
              {automations.map((a) => (
                <SelectItem key={a.id} value={a.id}>
                  {a.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
        <Select value={value.triggerType} onValueChange={(triggerType) => onChange({ ...value, triggerType })}>
          <SelectTrigger className="w-40" aria-label="Filter by trigger type" data-testid="runs-trigger-filter">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="all">All triggers</SelectItem>
            <SelectSeparator />
            {TRIGGER_TYPE_OPTIONS.map((o) => (
              <SelectItem key={o.value} value={o.value}>
                {o.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <DateField label="From" value={value.from} max={value.to || undefined} onChange={(from) => onChange({ ...value, from })} testId="runs-from" />
        <DateField label="To" value={value.to} min={value.from || undefined} onChange={(to) => onChange({ ...value, to })} testId="runs-to" />
        {dirty ? (
          <Button variant="ghost" size="sm" onClick={() => onChange({ ...DEFAULT_RUN_FILTERS, automationId: hideAutomation ? value.automationId : "all" })} data-testid="runs-reset-filters">
            <X />
            Reset
          </Button>
        ) : null}
      </div>
    </div>
  );
}
