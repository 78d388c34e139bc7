"use client";

import * as React from "react";
import { RUN_STATUSES } from "@/lib/statuses";
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Button } from "@/components/ui/button";
import { statusStyle } from "@/components/ui/status-badge";
import { X } from "lucide-react";

export interface RunFilters {
  status: string; // "all" or a RunStatus
  automationId: string; // "all" or an id
  mode: "all" | "live" | "test";
}

export const DEFAULT_RUN_FILTERS: RunFilters = { status: "all", automationId: "all", mode: "all" };

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
  const dirty = value.status !== "all" || value.mode !== "all" || (!hideAutomation && value.automationId !== "all");
  return (
    <div className="flex flex-wrap items-center gap-2">
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
      <Select value={value.status} onValueChange={(status) => onChange({ ...value, status })}>
        <SelectTrigger className="w-40" aria-label="Filter by status" data-testid="runs-status-filter">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="all">All statuses</SelectItem>
          <SelectSeparator />
          {RUN_STATUSES.map((s) => (
            <SelectItem key={s} value={s}>
              {statusStyle("run", s).label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {hideAutomation ? null : (
        <Select value={value.automationId} onValueChange={(automationId) => onChange({ ...value, automationId })}>
          <SelectTrigger className="w-56" aria-label="Filter by automation" data-testid="runs-automation-filter">
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
      {dirty ? (
        <Button variant="ghost" size="sm" onClick={() => onChange({ ...DEFAULT_RUN_FILTERS, automationId: hideAutomation ? value.automationId : "all" })}>
          <X />
          Reset
        </Button>
      ) : null}
    </div>
  );
}
