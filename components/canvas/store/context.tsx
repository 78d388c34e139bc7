"use client";

import { createContext, useContext, useState, type ReactNode } from "react";
import { useStore } from "zustand";
import { useShallow } from "zustand/react/shallow";
import { createEditorStore, type CreateEditorStoreInput, type EditorState, type EditorStore } from "./editor-store";

const EditorStoreContext = createContext<EditorStore | null>(null);

/** One store per editor mount; `init` is read once. */
export function EditorStoreProvider({ init, children }: { init: () => CreateEditorStoreInput; children: ReactNode }) {
  const [store] = useState(() => createEditorStore(init()));
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

export function useEditorApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor* must be used inside <EditorStoreProvider>");
  return store;
}

/** Select a value; re-renders only when it changes (Object.is). */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorApi(), selector);
}

/** Select an object/array; re-renders only when a member changes (shallow compare). */
export function useEditorShallow<T>(selector: (s: EditorState) => T): T {
  return useStore(useEditorApi(), useShallow(selector));
}
