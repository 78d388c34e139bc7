"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { Menu } from "lucide-react";
import { Sheet, SheetContent, SheetDescription, SheetTitle } from "@/components/ui/sheet";
import { Button } from "@/components/ui/button";
import { CommandPalette } from "./command-palette";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { Sidebar, SidebarContents } from "./sidebar";
import { NAV_ITEMS } from "./nav";
import { useShell } from "./shell-context";
import { useHotkey, useKeySequences } from "./use-hotkey";
import { Logo } from "./logo";

function GlobalHotkeys() {
  const router = useRouter();
  const { setShortcutsOpen, toggleSidebar } = useShell();
  useHotkey("?", () => setShortcutsOpen(true));
  useHotkey("[", toggleSidebar);
  useKeySequences(Object.fromEntries(NAV_ITEMS.map((n) => [`g ${n.shortcut}`, () => router.push(n.href)])));
  return null;
}

export function AppShell({ children }: { children: React.ReactNode }) {
  const [mobileOpen, setMobileOpen] = React.useState(false);
  return (
    <div className="flex h-dvh overflow-hidden bg-background">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary-solid px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <Sidebar />
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="flex h-12 items-center gap-2 border-b border-border px-3 md:hidden">
          <Button variant="ghost" size="icon-sm" aria-label="Open navigation" onClick={() => setMobileOpen(true)}>
            <Menu />
          </Button>
          <Logo className="text-sm" />
        </div>
        <main id="main" tabIndex={-1} className="min-h-0 flex-1 overflow-y-auto outline-none">
          {children}
        </main>
      </div>
      <Sheet open={mobileOpen} onOpenChange={setMobileOpen}>
        <SheetContent side="left" className="w-72 bg-sidebar p-0 sm:max-w-72">
          <SheetTitle className="sr-only">Navigation</SheetTitle>
          <SheetDescription className="sr-only">Pages of this workspace</SheetDescription>
          <SidebarContents collapsed={false} onNavigate={() => setMobileOpen(false)} />
        </SheetContent>
      </Sheet>
      <CommandPalette />
      <ShortcutsDialog />
      <GlobalHotkeys />
    </div>
  );
}
