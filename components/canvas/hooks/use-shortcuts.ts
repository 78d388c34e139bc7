"use client";

import { useEffect } from "react";
import { useEditorApi } from "../store/context";
import type { EditorCommands } from "./use-editor-commands";

export interface Shortcut {
  keys: string[];
  label: string;
  mutates: boolean;
}

/** Shown in the shortcuts help popover ("Mod" = ⌘ on macOS, Ctrl elsewhere). */
export const SHORTCUTS: Shortcut[] = [
  { keys: ["Mod", "Z"], label: "Undo", mutates: true },
  { keys: ["Mod", "Shift", "Z"], label: "Redo (also Ctrl + Y)", mutates: true },
  { keys: ["Delete"], label: "Delete selection (or Backspace)", mutates: true },
  { keys: ["Mod", "D"], label: "Duplicate selection", mutates: true },
  { keys: ["Mod", "C"], label: "Copy selection", mutates: false },
  { keys: ["Mod", "X"], label: "Cut selection", mutates: true },
  { keys: ["Mod", "V"], label: "Paste (also into another automation)", mutates: true },
  { keys: ["Mod", "A"], label: "Select all", mutates: false },
  { keys: ["Shift", "Drag"], label: "Box-select several steps", mutates: false },
  { keys: ["Mod", "Click"], label: "Add to selection", mutates: false },
  { keys: ["Mod", "Shift", "L"], label: "Auto-layout", mutates: true },
  { keys: ["Shift", "1"], label: "Fit view", mutates: false },
  { keys: ["Esc"], label: "Clear selection", mutates: false },
  { keys: ["?"], label: "Show shortcuts", mutates: false },
];

/** Typing in a field, a code editor or a dialog must not trigger canvas shortcuts. */
export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest("input, textarea, select, [contenteditable=true], .cm-editor, [role=dialog], [role=menu], [role=listbox]")) return true;
  return false;
}

/** Global keyboard shortcuts of the editor (mutating ones are ignored when read-only). */
export function useShortcuts(commands: EditorCommands, onHelp: () => void) {
  const api = useEditorApi();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isEditableTarget(e.target)) return;
      const mod = e.metaKey || e.ctrlKey;
      const key = e.key.toLowerCase();
      const ro = api.getState().readOnly;
      const run = (fn: () => void, mutates: boolean) => {
        e.preventDefault();
        if (mutates && ro) return;
        fn();
      };
      if (mod && key === "z" && !e.shiftKey) return run(commands.undo, true);
      if ((mod && key === "z" && e.shiftKey) || (e.ctrlKey && key === "y")) return run(commands.redo, true);
      if (mod && key === "d") return run(commands.duplicate, true);
      if (mod && key === "a") return run(() => api.getState().selectAll(), false);
      if (mod && e.shiftKey && key === "l") return run(() => void commands.layout(), true);
      if (!mod && (e.key === "Delete" || e.key === "Backspace")) return run(commands.deleteSelection, true);
      if (!mod && e.shiftKey && e.code === "Digit1") return run(commands.fitView, false);
      if (e.key === "Escape") return api.getState().clearSelection();
      if (e.key === "?") return run(onHelp, false);
    };
    // copy/cut/paste events carry clipboard data without permission prompts
    const onCopy = (e: ClipboardEvent) => {
      if (isEditableTarget(e.target) || hasTextSelection()) return;
      if (!api.getState().nodes.some((n) => n.selected)) return;
      void commands.copy(e);
    };
    const onCut = (e: ClipboardEvent) => {
      if (isEditableTarget(e.target) || hasTextSelection() || api.getState().readOnly) return;
      if (!api.getState().nodes.some((n) => n.selected)) return;
      void commands.cut(e);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditableTarget(e.target) || api.getState().readOnly) return;
      e.preventDefault();
      void commands.paste(e);
    };
    window.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown, true);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
    };
  }, [api, commands, onHelp]);
}

function hasTextSelection(): boolean {
  const sel = window.getSelection();
  return Boolean(sel && !sel.isCollapsed && sel.toString().trim());
}
