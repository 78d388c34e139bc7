"use client";

import { Fragment } from "react";
import { Keyboard, LayoutDashboard, Maximize, Redo2, Undo2 } from "lucide-react";
import { Kbd } from "@/components/ui/kbd";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { useEditor } from "../store/context";
import type { EditorCommands } from "../hooks/use-editor-commands";
import { SHORTCUTS } from "../hooks/use-shortcuts";

const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const keyLabel = (k: string) => (k === "Mod" ? (IS_MAC ? "⌘" : "Ctrl") : k === "Shift" ? (IS_MAC ? "⇧" : "Shift") : k);

function ToolButton({ label, shortcut, onClick, disabled, testId, children }: { label: string; shortcut?: string; onClick: () => void; disabled?: boolean; testId: string; children: React.ReactNode }) {
  return (
    <Tooltip content={label} shortcut={shortcut} side="bottom">
      <button
        type="button"
        aria-label={label}
        data-testid={testId}
        disabled={disabled}
        onClick={onClick}
        className="flex size-8 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-accent hover:text-foreground disabled:pointer-events-none disabled:opacity-40 [&_svg]:size-4"
      >
        {children}
      </button>
    </Tooltip>
  );
}

/** Floating toolbar: undo/redo, auto-layout, fit view, shortcuts. */
export function CanvasToolbar({ commands, helpOpen, onHelpOpenChange }: { commands: EditorCommands; helpOpen: boolean; onHelpOpenChange: (open: boolean) => void }) {
  const canUndo = useEditor((s) => s.past.length > 0 && !s.readOnly);
  const canRedo = useEditor((s) => s.future.length > 0 && !s.readOnly);
  const readOnly = useEditor((s) => s.readOnly);
  const mod = IS_MAC ? "⌘" : "Ctrl+";
  const visible = SHORTCUTS.filter((s) => !readOnly || !s.mutates);
  return (
    <div className="absolute top-3 left-3 z-10 flex items-center gap-0.5 rounded-lg border border-border bg-popover/95 p-0.5 shadow-sm backdrop-blur" data-testid="canvas-toolbar">
      {!readOnly ? (
        <>
          <ToolButton label="Undo" shortcut={`${mod}Z`} onClick={commands.undo} disabled={!canUndo} testId="undo-button">
            <Undo2 />
          </ToolButton>
          <ToolButton label="Redo" shortcut={IS_MAC ? "⇧⌘Z" : "Ctrl+Y"} onClick={commands.redo} disabled={!canRedo} testId="redo-button">
            <Redo2 />
          </ToolButton>
          <span className="mx-0.5 h-5 w-px bg-border" />
          <ToolButton label="Auto-layout" shortcut={IS_MAC ? "⇧⌘L" : "Ctrl+Shift+L"} onClick={() => void commands.layout()} testId="layout-button">
            <LayoutDashboard />
          </ToolButton>
        </>
      ) : null}
      <ToolButton label="Fit view" shortcut="⇧1" onClick={commands.fitView} testId="fit-view-button">
        <Maximize />
      </ToolButton>
      <Popover open={helpOpen} onOpenChange={onHelpOpenChange}>
        <Tooltip content="Keyboard shortcuts" shortcut="?" side="bottom">
          <PopoverTrigger asChild>
            <button
              type="button"
              aria-label="Keyboard shortcuts"
              data-testid="shortcuts-button"
              className={cn("flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground", helpOpen && "bg-accent text-foreground")}
            >
              <Keyboard className="size-4" />
            </button>
          </PopoverTrigger>
        </Tooltip>
        <PopoverContent align="start" className="w-80" data-testid="shortcuts-help">
          <h3 className="mb-2 text-sm font-semibold">Keyboard shortcuts</h3>
          <ul className="grid gap-1.5">
            {visible.map((s) => (
              <li key={s.label} className="flex items-center justify-between gap-3 text-xs">
                <span className="text-muted-foreground">{s.label}</span>
                <span className="flex shrink-0 items-center gap-0.5">
                  {s.keys.map((k, i) => (
                    <Fragment key={i}>
                      <Kbd>{keyLabel(k)}</Kbd>
                    </Fragment>
                  ))}
                </span>
              </li>
            ))}
          </ul>
          {readOnly ? <p className="mt-3 text-xs text-muted-foreground">Editing shortcuts are off: this canvas is read-only.</p> : null}
        </PopoverContent>
      </Popover>
    </div>
  );
}
