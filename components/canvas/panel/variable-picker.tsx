"use client";

import { createContext, useContext, useMemo, useState } from "react";
import { Braces } from "lucide-react";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { getNodeType } from "@/lib/nodes/registry";
import { useEditor, useEditorApi } from "../store/context";
import { collectVariables, triggerGroup, type VariableGroup } from "./variables";

/** Which node the variables are for (null: automation-level conditions: only trigger fields). */
export const VariableScopeContext = createContext<string | null>(null);

const SOURCE_LABEL: Record<VariableGroup["source"], string> = {
  run: "from last test run",
  sample: "sample",
  config: "test data",
  builtin: "",
};

function useVariableGroups(nodeId: string | null): VariableGroup[] {
  const api = useEditorApi();
  const graphVersion = useEditor((s) => s.graphVersion);
  const run = useEditor((s) => s.run);
  return useMemo(() => {
    void graphVersion; // recompute when the graph changes
    const graph = api.getState().getGraph();
    const runOutputs: Record<string, unknown> = {};
    if (run) for (const [id, step] of Object.entries(run.steps)) if (step.status === "SUCCEEDED") runOutputs[id] = step.response;
    if (nodeId === null) return [triggerGroup({ graph, getType: getNodeType, runTriggerData: run?.triggerData }, [])];
    return collectVariables({ graph, nodeId, getType: getNodeType, runTriggerData: run?.triggerData, runOutputs });
  }, [api, nodeId, graphVersion, run]);
}

/** Mounted only while the popover is open, so closed pickers cost nothing. */
function VariableList({ nodeId, onSelect }: { nodeId: string | null; onSelect: (path: string) => void }) {
  const groups = useVariableGroups(nodeId);
  return (
    <Command className="rounded-lg">
      <CommandInput placeholder="Search variables…" className="text-sm" autoFocus />
      <CommandList className="max-h-80">
        <CommandEmpty>No variables here yet. Connect this step after others to use their outputs.</CommandEmpty>
        {groups.map((g) => (
          <CommandGroup
            key={g.id}
            heading={
              <span className="flex items-center justify-between gap-2">
                <span className="truncate">{g.title}</span>
                {SOURCE_LABEL[g.source] ? <span className="shrink-0 font-normal text-muted-foreground/80">{SOURCE_LABEL[g.source]}</span> : null}
              </span>
            }
          >
            {g.options.map((o) => (
              <CommandItem
                key={o.path}
                value={o.path}
                data-testid={`variable-option-${o.path}`}
                onSelect={() => onSelect(o.path)}
                className="h-8 font-mono text-xs"
              >
                <span className="min-w-0 flex-1 truncate">{o.path}</span>
                {o.preview ? <span className="max-w-[40%] shrink-0 truncate text-[11px] text-muted-foreground">{o.preview}</span> : null}
              </CommandItem>
            ))}
          </CommandGroup>
        ))}
      </CommandList>
    </Command>
  );
}

interface VariablePickerProps {
  /** "template" inserts {{path}}; "path" inserts the bare path (condition fields). */
  mode?: "template" | "path";
  onPick: (text: string) => void;
  fieldName: string;
  className?: string;
}

/** The {x} button next to templated fields: lists trigger fields, upstream step outputs, vars, built-ins. */
export function VariablePicker({ mode = "template", onPick, fieldName, className }: VariablePickerProps) {
  const nodeId = useContext(VariableScopeContext);
  const [open, setOpen] = useState(false);
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <Tooltip content={mode === "template" ? "Insert a variable" : "Pick a field"}>
        <PopoverTrigger asChild>
          <button
            type="button"
            data-testid={`var-picker-${fieldName}`}
            aria-label={`Insert a variable into ${fieldName}`}
            className={cn(
              "flex size-6 shrink-0 items-center justify-center rounded-md border border-transparent text-muted-foreground transition-colors hover:border-border hover:bg-accent hover:text-foreground",
              open && "border-border bg-accent text-foreground",
              className,
            )}
          >
            <Braces className="size-3.5" />
          </button>
        </PopoverTrigger>
      </Tooltip>
      <PopoverContent align="end" className="w-[22rem] p-0" data-testid="variable-picker" onOpenAutoFocus={(e) => e.preventDefault()}>
        <VariableList
          nodeId={nodeId}
          onSelect={(path) => {
            onPick(mode === "template" ? `{{${path}}}` : path);
            setOpen(false);
          }}
        />
      </PopoverContent>
    </Popover>
  );
}

/** Inserts `text` at the caret of an input/textarea and returns the new value and caret. */
export function insertAtCursor(el: HTMLInputElement | HTMLTextAreaElement | null, current: string, text: string): { value: string; caret: number } {
  const start = el?.selectionStart ?? current.length;
  const end = el?.selectionEnd ?? current.length;
  const value = current.slice(0, start) + text + current.slice(end);
  return { value, caret: start + text.length };
}
