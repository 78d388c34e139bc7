"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { Activity, AlertTriangle, ArrowLeft, FlaskConical, History, Lock, Rocket, Route, Settings2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { StatusBadge } from "@/components/ui/status-badge";
import { Switch } from "@/components/ui/switch";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { useEditor, useEditorApi } from "../store/context";
import type { Autosave } from "../hooks/use-autosave";
import { SaveIndicator } from "./save-indicator";

interface EditorHeaderProps {
  name: string;
  status: string;
  publishedVersion: number | null;
  canEdit: boolean;
  autosave: Autosave;
  onSettings: () => void;
  onHistory: () => void;
  onTestRun: () => void;
  onSimulate: () => void;
  onPublish: () => void;
  onToggleStatus: (active: boolean) => void;
  statusPending: boolean;
  onShowNode: (nodeId: string) => void;
}

function ProblemsButton({ onShowNode }: { onShowNode: (id: string) => void }) {
  const list = useEditor((s) => s.problemList);
  const api = useEditorApi();
  const errors = list.filter((p) => p.severity === "error");
  if (list.length === 0) return null;
  const nameOf = (id?: string) => (id ? api.getState().nodes.find((n) => n.id === id)?.data.node.name : undefined);
  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="ghost" size="sm" className={cn(errors.length ? "text-destructive" : "text-warning")} data-testid="problems-button">
          <AlertTriangle /> {list.length} {list.length === 1 ? "problem" : "problems"}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="end" className="w-96 p-0" data-testid="problems-list">
        <div className="border-b border-border px-3 py-2 text-xs text-muted-foreground">
          {errors.length ? `${errors.length} must be fixed before publishing` : "Warnings do not block publishing"}
        </div>
        <ul className="max-h-80 overflow-y-auto p-1">
          {list.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                disabled={!p.nodeId}
                onClick={() => p.nodeId && onShowNode(p.nodeId)}
                className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-xs hover:bg-accent disabled:hover:bg-transparent"
              >
                <AlertTriangle className={cn("mt-0.5 size-3 shrink-0", p.severity === "error" ? "text-destructive" : "text-warning")} />
                <span>
                  {nameOf(p.nodeId) ? <span className="font-medium">{nameOf(p.nodeId)}: </span> : null}
                  {p.message}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </PopoverContent>
    </Popover>
  );
}

/** Top bar of the editor: back, name + status, save state, problems, history, settings, active toggle, test run, publish. */
export function EditorHeader(props: EditorHeaderProps) {
  const { name, status, publishedVersion, canEdit, autosave } = props;
  const viewing = useEditor((s) => s.versionView?.number ?? null);
  const { automationId } = useParams<{ automationId: string }>();
  const readOnly = useEditor((s) => s.readOnly);
  const active = status === "ACTIVE";
  const statusDisabledReason = !canEdit
    ? "Only admins can activate or pause automations"
    : publishedVersion === null
      ? "Publish a version first: only published versions run"
      : null;

  return (
    <header className="flex h-14 shrink-0 items-center gap-3 border-b border-border bg-background px-3" data-testid="editor-header">
      <Tooltip content="All automations">
        <Button asChild variant="ghost" size="icon" aria-label="Back to automations">
          <Link href="/automations">
            <ArrowLeft />
          </Link>
        </Button>
      </Tooltip>
      <div className="flex min-w-0 items-center gap-2">
        {/* The page's level-one heading: the automation's name (opens its settings). */}
        <h1 className="min-w-0 truncate text-[15px] font-semibold">
          <button
            type="button"
            onClick={props.onSettings}
            className="max-w-full truncate rounded-md px-1 hover:bg-accent"
            data-testid="automation-name"
            title="Automation settings"
          >
            {name}
          </button>
        </h1>
        <StatusBadge kind="automation" status={status} />
        <span className="hidden text-xs text-muted-foreground lg:inline" data-testid="published-version">
          {publishedVersion ? `v${publishedVersion} live` : "Not published"}
        </span>
        {!canEdit ? (
          <span className="flex items-center gap-1 rounded-md bg-muted px-1.5 py-0.5 text-[11px] font-medium text-muted-foreground" data-testid="readonly-badge">
            <Lock className="size-3" /> Read-only
          </span>
        ) : null}
      </div>

      <div className="ml-auto flex items-center gap-1.5">
        {viewing !== null ? null : <SaveIndicator autosave={autosave} readOnly={readOnly} />}
        {viewing === null ? <ProblemsButton onShowNode={props.onShowNode} /> : null}
        <span className="mx-1 h-6 w-px bg-border" />
        <Tooltip content="Runs of this automation"><Button asChild variant="ghost" size="icon" aria-label="Runs of this automation" data-testid="automation-runs-link"><Link href={`/automations/${automationId}/runs`}><Activity /></Link></Button></Tooltip>
        <Tooltip content="Version history">
          <Button variant="ghost" size="icon" aria-label="Version history" onClick={props.onHistory} data-testid="history-button">
            <History />
          </Button>
        </Tooltip>
        <Tooltip content="Automation settings">
          <Button variant="ghost" size="icon" aria-label="Automation settings" onClick={props.onSettings} data-testid="settings-button">
            <Settings2 />
          </Button>
        </Tooltip>
        <Tooltip content={statusDisabledReason ?? (active ? "Active: new triggers start runs. Switch off to pause." : "Paused: triggers are ignored. Switch on to activate.")}>
          <label className={cn("flex h-8 items-center gap-2 rounded-md px-2 text-sm", statusDisabledReason && "opacity-60")} data-testid="status-toggle-wrap">
            <Switch
              checked={active}
              disabled={Boolean(statusDisabledReason) || props.statusPending}
              onCheckedChange={props.onToggleStatus}
              aria-label="Active"
              data-testid="status-toggle"
            />
            <span className="hidden font-medium md:inline">{active ? "Active" : status === "PAUSED" ? "Paused" : "Inactive"}</span>
          </label>
        </Tooltip>
        {viewing === null ? (
          <>
            <Tooltip content="What a run would do with sample data: conditions, path and previews; nothing is sent">
              <Button variant="ghost" size="sm" onClick={props.onSimulate} data-testid="simulate-button">
                <Route /> Simulate
              </Button>
            </Tooltip>
            {canEdit ? (
              <Button variant="secondary" size="sm" onClick={props.onTestRun} data-testid="test-run-button">
                <FlaskConical /> Test run
              </Button>
            ) : null}
            {canEdit ? (
              <Button size="sm" onClick={props.onPublish} data-testid="publish-button">
                <Rocket /> Publish
              </Button>
            ) : null}
          </>
        ) : null}
      </div>
    </header>
  );
}
