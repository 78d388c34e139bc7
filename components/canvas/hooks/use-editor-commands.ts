"use client";

import { useMemo, useRef } from "react";
import { useReactFlow } from "@xyflow/react";
import { toast } from "sonner";
import { layoutGraph } from "@/lib/graph/layout";
import { editorCatalog } from "../catalog";
import { useEditorApi } from "../store/context";
import { readClipboard, writeClipboard } from "./clipboard";

export interface EditorCommands {
  undo(): void;
  redo(): void;
  deleteSelection(): void;
  duplicate(): void;
  copy(event?: ClipboardEvent): Promise<void>;
  cut(event?: ClipboardEvent): Promise<void>;
  paste(event?: ClipboardEvent): Promise<void>;
  layout(): Promise<void>;
  fitView(): void;
  addAtCenter(type: string): void;
  /** last pointer position over the canvas (screen coordinates) */
  pointer: { current: { x: number; y: number } | null };
}

/** Editing commands shared by shortcuts, toolbars and menus. Stable for the editor's lifetime. */
export function useEditorCommands(): EditorCommands {
  const api = useEditorApi();
  const rf = useReactFlow();
  const pointer = useRef<{ x: number; y: number } | null>(null);

  return useMemo<EditorCommands>(() => {
    const s = () => api.getState();
    const pastePosition = () => {
      const p = pointer.current;
      return p ? rf.screenToFlowPosition(p) : undefined;
    };
    return {
      pointer,
      undo: () => s().undo(),
      redo: () => s().redo(),
      deleteSelection: () => s().deleteSelection(),
      duplicate: () => s().duplicateSelection(),
      async copy(event) {
        const payload = s().copySelection();
        if (!payload) return;
        await writeClipboard(payload, event);
        toast.success(`Copied ${payload.nodes.length} step${payload.nodes.length === 1 ? "" : "s"}`, { duration: 1500 });
      },
      async cut(event) {
        if (s().readOnly) return;
        const payload = s().copySelection();
        if (!payload) return;
        await writeClipboard(payload, event);
        s().deleteSelection();
      },
      async paste(event) {
        if (s().readOnly) return;
        const payload = await readClipboard(event);
        if (!payload) {
          toast.error("Nothing to paste: copy steps on a canvas first (Ctrl/⌘ + C).");
          return;
        }
        s().paste(payload, pastePosition());
      },
      async layout() {
        if (s().readOnly) return;
        const graph = s().getGraph();
        const sizes: Record<string, { width: number; height: number }> = {};
        for (const n of s().nodes) if (n.measured?.width && n.measured.height) sizes[n.id] = { width: n.measured.width, height: n.measured.height };
        try {
          const positions = await layoutGraph(graph, { handlesOf: editorCatalog.handlesOf, sizes });
          s().applyPositions(positions);
          requestAnimationFrame(() => void rf.fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 }));
        } catch (e) {
          toast.error(`Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
      fitView: () => void rf.fitView({ padding: 0.2, duration: 300, maxZoom: 1.1 }),
      addAtCenter(type) {
        const el = document.querySelector<HTMLElement>("[data-testid=canvas]");
        const rect = el?.getBoundingClientRect();
        const center = rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : { x: 400, y: 300 };
        const p = rf.screenToFlowPosition(center);
        // stagger so repeated clicks don't stack exactly
        const jitter = (s().nodes.length % 5) * 24;
        s().addNodeOfType(type, { x: p.x - 130 + jitter, y: p.y - 40 + jitter });
      },
    };
  }, [api, rf]);
}
