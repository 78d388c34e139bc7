"use client";

import * as React from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";
import { NAV_ITEMS } from "./nav";
import { useShell } from "./shell-context";

const GROUPS: { title: string; items: { keys: string[]; label: string }[] }[] = [
  {
    title: "General",
    items: [
      { keys: ["⌘", "K"], label: "Open command palette" },
      { keys: ["?"], label: "Show keyboard shortcuts" },
      { keys: ["["], label: "Collapse or expand the sidebar" },
      { keys: ["Esc"], label: "Close dialog or menu" },
    ],
  },
  {
    title: "Navigation",
    items: NAV_ITEMS.map((n) => ({ keys: ["G", n.shortcut.toUpperCase()], label: `Go to ${n.label}` })),
  },
  {
    title: "Automations",
    items: [
      { keys: ["/"], label: "Search automations" },
      { keys: ["N"], label: "New automation (admins)" },
    ],
  },
];

export function ShortcutsDialog() {
  const { shortcutsOpen, setShortcutsOpen } = useShell();
  return (
    <Dialog open={shortcutsOpen} onOpenChange={setShortcutsOpen}>
      <DialogContent className="max-w-lg" data-testid="shortcuts-dialog" onOpenAutoFocus={(e) => e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>Work without leaving the keyboard. Shortcuts are off while you type in a field.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-5">
          {GROUPS.map((g) => (
            <section key={g.title} className="grid gap-1">
              <h3 className="mb-1 text-xs font-medium tracking-wide text-muted-foreground uppercase">{g.title}</h3>
              {g.items.map((item) => (
                <div key={item.label} className="flex items-center justify-between gap-4 py-1 text-sm">
                  <span>{item.label}</span>
                  <span className="flex items-center gap-1">
                    {item.keys.map((k, i) => (
                      <React.Fragment key={k}>
                        {i > 0 && item.keys[0] === "G" ? <span className="text-xs text-muted-foreground">then</span> : null}
                        <Kbd>{k}</Kbd>
                      </React.Fragment>
                    ))}
                  </span>
                </div>
              ))}
            </section>
          ))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
