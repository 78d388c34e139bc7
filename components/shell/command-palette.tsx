"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTheme } from "next-themes";
import { Keyboard, Monitor, Moon, Plus, Sun, Workflow } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { CommandDialog, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList, CommandSeparator, CommandShortcut } from "@/components/ui/command";
import { StatusBadge } from "@/components/ui/status-badge";
import { Spinner } from "@/components/ui/spinner";
import { NAV_ITEMS } from "./nav";
import { useShell } from "./shell-context";
import { useHotkey } from "./use-hotkey";

/** Event the automations page listens to, so "New automation" works from the palette. */
export const NEW_AUTOMATION_EVENT = "switchyard:new-automation";

export function CommandPalette() {
  const { paletteOpen, setPaletteOpen, setShortcutsOpen, canEdit } = useShell();
  const router = useRouter();
  const trpc = useTRPC();
  const { setTheme } = useTheme();
  useHotkey("k", () => setPaletteOpen(!paletteOpen), { mod: true, allowInInputs: true });

  const automations = useQuery({ ...trpc.automations.list.queryOptions({}), enabled: paletteOpen });

  function run(action: () => void) {
    setPaletteOpen(false);
    action();
  }

  return (
    <CommandDialog open={paletteOpen} onOpenChange={setPaletteOpen}>
      <CommandInput placeholder="Search pages, automations, actions…" data-testid="command-input" />
      <CommandList>
        <CommandEmpty>No results.</CommandEmpty>
        <CommandGroup heading="Go to">
          {NAV_ITEMS.map((item) => (
            <CommandItem key={item.href} value={`go ${item.label}`} onSelect={() => run(() => router.push(item.href))}>
              <item.icon />
              {item.label}
              <CommandShortcut>G {item.shortcut.toUpperCase()}</CommandShortcut>
            </CommandItem>
          ))}
        </CommandGroup>
        <CommandSeparator />
        <CommandGroup heading="Automations">
          {automations.isPending ? (
            <div className="flex items-center gap-2 px-2 py-2 text-sm text-muted-foreground">
              <Spinner /> Loading automations…
            </div>
          ) : (
            automations.data?.map((a) => (
              <CommandItem
                key={a.id}
                value={`automation ${a.name} ${a.id}`}
                keywords={[a.description]}
                onSelect={() => run(() => router.push(`/automations/${a.id}/edit`))}
              >
                <Workflow />
                <span className="min-w-0 flex-1 truncate">{a.name}</span>
                <StatusBadge kind="automation" status={a.status} />
              </CommandItem>
            ))
          )}
        </CommandGroup>
        <CommandSeparator />
        <CommandGroup heading="Actions">
          {canEdit ? (
            <CommandItem
              value="new automation create"
              onSelect={() =>
                run(() => {
                  router.push("/automations?new=1");
                  window.dispatchEvent(new Event(NEW_AUTOMATION_EVENT));
                })
              }
            >
              <Plus />
              New automation
              <CommandShortcut>N</CommandShortcut>
            </CommandItem>
          ) : null}
          <CommandItem value="theme light" onSelect={() => run(() => setTheme("light"))}>
            <Sun />
            Switch to light theme
          </CommandItem>
          <CommandItem value="theme dark" onSelect={() => run(() => setTheme("dark"))}>
            <Moon />
            Switch to dark theme
          </CommandItem>
          <CommandItem value="theme system" onSelect={() => run(() => setTheme("system"))}>
            <Monitor />
            Use system theme
          </CommandItem>
          <CommandItem value="keyboard shortcuts help" onSelect={() => run(() => setShortcutsOpen(true))}>
            <Keyboard />
            Keyboard shortcuts
            <CommandShortcut>?</CommandShortcut>
          </CommandItem>
        </CommandGroup>
      </CommandList>
    </CommandDialog>
  );
}
