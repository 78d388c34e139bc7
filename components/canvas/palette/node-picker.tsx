"use client";

import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { cn } from "@/components/ui/utils";
import { CATEGORY_ORDER, NODE_TYPES } from "@/lib/nodes/registry";
import { KIND_STYLES } from "../catalog";
import { NodeIcon } from "../nodes/node-icon";

const GROUPS = CATEGORY_ORDER.map((category) => ({ category, types: NODE_TYPES.filter((t) => t.category === category) })).filter(
  (g) => g.types.length > 0,
);

/** Searchable list of node types (cmdk). Triggers are left out: a graph has one, set from the palette. */
export function NodePicker({ onPick, includeTriggers = false }: { onPick: (type: string) => void; includeTriggers?: boolean }) {
  return (
    <Command data-testid="node-picker" className="rounded-lg">
      <CommandInput placeholder="Add a step…" autoFocus className="text-sm" />
      <CommandList className="max-h-80">
        <CommandEmpty>No step type matches.</CommandEmpty>
        {GROUPS.filter((g) => includeTriggers || g.category !== "Triggers").map((g) => (
          <CommandGroup key={g.category} heading={g.category}>
            {g.types.map((t) => (
              <CommandItem
                key={t.type}
                value={`${t.label} ${t.type} ${t.description}`}
                onSelect={() => onPick(t.type)}
                data-testid={`picker-item-${t.type}`}
                className="h-auto py-1.5"
              >
                <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-md", KIND_STYLES[t.kind].tile)}>
                  <NodeIcon name={t.icon} className="!text-current" />
                </span>
                <span className="min-w-0">
                  <span className="block truncate font-medium">{t.label}</span>
                  <span className="block truncate text-xs text-muted-foreground">{t.description}</span>
                </span>
              </CommandItem>
            ))}
          </CommandGroup>
        ))}
      </CommandList>
    </Command>
  );
}
