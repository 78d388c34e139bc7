"use client";

import * as React from "react";
import type { Role } from "@/lib/roles";
import { SIDEBAR_COOKIE } from "./nav";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  role: Role;
  workspaceId: string;
}

interface ShellState {
  viewer: Viewer;
  /** OWNER or ADMIN: may see mutating controls (the server enforces it anyway). */
  canEdit: boolean;
  paletteOpen: boolean;
  setPaletteOpen: (open: boolean) => void;
  shortcutsOpen: boolean;
  setShortcutsOpen: (open: boolean) => void;
  sidebarCollapsed: boolean;
  toggleSidebar: () => void;
}

const ShellContext = React.createContext<ShellState | null>(null);

export function ShellProvider({
  viewer,
  initialCollapsed,
  children,
}: {
  viewer: Viewer;
  initialCollapsed: boolean;
  children: React.ReactNode;
}) {
  const [paletteOpen, setPaletteOpen] = React.useState(false);
  const [shortcutsOpen, setShortcutsOpen] = React.useState(false);
  const [sidebarCollapsed, setCollapsed] = React.useState(initialCollapsed);
  const toggleSidebar = React.useCallback(() => {
    setCollapsed((c) => {
      const next = !c;
      document.cookie = `${SIDEBAR_COOKIE}=${next ? "1" : "0"}; path=/; max-age=31536000; samesite=lax`;
      return next;
    });
  }, []);
  const value = React.useMemo<ShellState>(
    () => ({
      viewer,
      canEdit: viewer.role === "OWNER" || viewer.role === "ADMIN",
      paletteOpen,
      setPaletteOpen,
      shortcutsOpen,
      setShortcutsOpen,
      sidebarCollapsed,
      toggleSidebar,
    }),
    [viewer, paletteOpen, shortcutsOpen, sidebarCollapsed, toggleSidebar],
  );
  return <ShellContext.Provider value={value}>{children}</ShellContext.Provider>;
}

export function useShell(): ShellState {
  const ctx = React.useContext(ShellContext);
  if (!ctx) throw new Error("useShell must be used inside the signed-in layout (ShellProvider)");
  return ctx;
}

/** The signed-in user and role, for role-dependent UI. */
export function useViewer(): Viewer & { canEdit: boolean } {
  const { viewer, canEdit } = useShell();
  return { ...viewer, canEdit };
}
