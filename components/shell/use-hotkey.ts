"use client";

import * as React from "react";

/** True when the event target is a text field or an editable element (hotkeys must not fire there). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") {
    const type = (target as HTMLInputElement).type;
    return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
  }
  return target.closest(".cm-editor") !== null;
}

interface HotkeyOptions {
  /** Require ⌘ (macOS) or Ctrl. */
  mod?: boolean;
  /** Fire even while typing in a field (only sensible with mod). */
  allowInInputs?: boolean;
  enabled?: boolean;
}

/** Single-key hotkey, e.g. useHotkey("?", open) or useHotkey("k", toggle, { mod: true }). */
export function useHotkey(key: string, handler: (e: KeyboardEvent) => void, options: HotkeyOptions = {}) {
  const { mod = false, allowInInputs = false, enabled = true } = options;
  const ref = React.useRef(handler);
  React.useEffect(() => {
    ref.current = handler;
  });
  React.useEffect(() => {
    if (!enabled) return;
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.isComposing) return;
      const hasMod = e.metaKey || e.ctrlKey;
      if (mod !== hasMod) return;
      if (!mod && e.altKey) return;
      if (e.key.toLowerCase() !== key.toLowerCase() && e.key !== key) return;
      if (!allowInInputs && isTypingTarget(e.target)) return;
      e.preventDefault();
      ref.current(e);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [key, mod, allowInInputs, enabled]);
}

/** Two-key sequences like "g a" (press g, then a within 1 s). */
export function useKeySequences(sequences: Record<string, () => void>, enabled = true) {
  const ref = React.useRef(sequences);
  React.useEffect(() => {
    ref.current = sequences;
  });
  React.useEffect(() => {
    if (!enabled) return;
    let first: string | null = null;
    let timer: number | undefined;
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      const k = e.key.toLowerCase();
      if (first) {
        const action = ref.current[`${first} ${k}`];
        first = null;
        window.clearTimeout(timer);
        if (action) {
          e.preventDefault();
          action();
        }
        return;
      }
      if (Object.keys(ref.current).some((s) => s.startsWith(`${k} `))) {
        first = k;
        timer = window.setTimeout(() => (first = null), 1000);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.clearTimeout(timer);
    };
  }, [enabled]);
}
