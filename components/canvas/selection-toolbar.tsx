"use client";

import { NodeToolbar, Position } from "@xyflow/react";
import { Copy, CopyPlus, Scissors, Trash2 } from "lucide-react";
import { Tooltip } from "@/components/ui/tooltip";
import { useEditor, useEditorShallow } from "./store/context";
import type { EditorCommands } from "./hooks/use-editor-commands";

const MOD = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";

/** Floating actions above the selected step(s). */
export function SelectionToolbar({ commands }: { commands: EditorCommands }) {
  const ids = useEditorShallow((s) => s.nodes.filter((n) => n.selected).map((n) => n.id));
  const dragging = useEditor((s) => s.dragging);
  if (ids.length === 0) return null;
  const many = ids.length > 1;
  const items = [
    { label: many ? `Duplicate ${ids.length} steps` : "Duplicate", shortcut: `${MOD}D`, icon: CopyPlus, onClick: commands.duplicate, testId: "toolbar-duplicate" },
    { label: "Copy", shortcut: `${MOD}C`, icon: Copy, onClick: () => void commands.copy(), testId: "toolbar-copy" },
    { label: "Cut", shortcut: `${MOD}X`, icon: Scissors, onClick: () => void commands.cut(), testId: "toolbar-cut" },
    { label: many ? `Delete ${ids.length} steps` : "Delete", shortcut: "Del", icon: Trash2, onClick: commands.deleteSelection, testId: "toolbar-delete", danger: true },
  ];
  return (
    <NodeToolbar nodeId={ids} isVisible={!dragging} position={Position.Top} offset={10}>
      <div className="flex items-center gap-0.5 rounded-lg border border-border bg-popover p-0.5 shadow-md" data-testid="selection-toolbar">
        {items.map((it) => (
          <Tooltip key={it.testId} content={it.label} shortcut={it.shortcut}>
            <button
              type="button"
              aria-label={it.label}
              data-testid={it.testId}
              onClick={it.onClick}
              className={
                it.danger
                  ? "flex size-7 items-center justify-center rounded-md text-muted-foreground hover:bg-destructive/10 hover:text-destructive"
                  : "flex size-7 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground"
              }
            >
              <it.icon className="size-3.5" />
            </button>
          </Tooltip>
        ))}
      </div>
    </NodeToolbar>
  );
}
