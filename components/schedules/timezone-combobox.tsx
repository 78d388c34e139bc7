"use client";

import { useMemo, useState } from "react";
import { Check, ChevronsUpDown, Globe } from "lucide-react";
import { DEFAULT_TIMEZONE, isValidTimezone } from "@/lib/schedules/cron";
import { Command, CommandEmpty, CommandGroup, CommandInput, CommandItem, CommandList } from "@/components/ui/command";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/components/ui/utils";

/** Every IANA zone the browser knows (UTC first: some engines leave it out of the list). */
function allZones(): string[] {
  const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [DEFAULT_TIMEZONE, ...list.filter((z) => z !== DEFAULT_TIMEZONE)];
}

/** "UTC+2", "UTC+5:30", "UTC" for a zone right now. */
export function utcOffset(zone: string, at = new Date()): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
    return part.replace(/^GMT/, "UTC");
  } catch {
    return "";
  }
}

function browserZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    return null;
  }
}

interface TimezoneComboboxProps {
  id: string;
  value: string;
  onChange: (zone: string) => void;
  disabled?: boolean;
  invalid?: boolean;
  /** the zone new schedules get (the workspace default) */
  defaultZone?: string;
}

/** Searchable IANA time zone picker: type "berlin", "new york" or "+5:30"; ↑/↓ and Enter pick. */
export function TimezoneCombobox({ id, value, onChange, disabled, invalid, defaultZone = DEFAULT_TIMEZONE }: TimezoneComboboxProps) {
  const [open, setOpen] = useState(false);
  const zone = value.trim() || defaultZone;
  const known = isValidTimezone(zone);
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          id={id}
          type="button"
          role="combobox"
          aria-expanded={open}
          aria-haspopup="listbox"
          aria-invalid={invalid || !known || undefined}
          disabled={disabled}
          data-testid="timezone-combobox"
          className="flex h-8 w-full min-w-0 items-center gap-2 rounded-md border border-input bg-background px-2.5 text-left text-sm shadow-xs transition-[border-color,box-shadow] outline-none hover:border-foreground/20 focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/20 disabled:cursor-default disabled:hover:border-input aria-invalid:border-destructive"
        >
          <Globe className="size-4 shrink-0 text-muted-foreground" aria-hidden />
          <span className="min-w-0 flex-1 truncate" data-testid="timezone-value">
            {zone.replace(/_/g, " ")}
          </span>
          {known ? <span className="shrink-0 text-xs text-muted-foreground tabular-nums">{utcOffset(zone)}</span> : null}
          {disabled ? null : <ChevronsUpDown className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />}
        </button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-(--radix-popover-trigger-width) min-w-72 p-0">
        {open ? (
          <ZoneList
            current={zone}
            defaultZone={defaultZone}
            onPick={(z) => {
              onChange(z);
              setOpen(false);
            }}
          />
        ) : null}
      </PopoverContent>
    </Popover>
  );
}

function ZoneList({ current, defaultZone, onPick }: { current: string; defaultZone: string; onPick: (zone: string) => void }) {
  const zones = useMemo(() => {
    const now = new Date();
    return allZones().map((z) => ({ zone: z, offset: utcOffset(z, now) }));
  }, []);
  const local = browserZone();
  const suggested = [
    { zone: defaultZone, note: "Workspace default" },
    ...(local && local !== defaultZone ? [{ zone: local, note: "Your time zone" }] : []),
  ];
  const offsets = useMemo(() => new Map(zones.map((z) => [z.zone, z.offset])), [zones]);
  const offsetOf = (z: string) => offsets.get(z) ?? utcOffset(z);
  const item = (z: string, note: string | null, key: string) => (
    <CommandItem
      key={key}
      value={key}
      keywords={[z, z.replace(/_/g, " "), ...z.split("/"), offsetOf(z), ...(note ? [note] : [])]}
      onSelect={() => onPick(z)}
      data-testid={`timezone-option-${z}`}
      className="h-auto min-h-8 py-1.5"
    >
      <Check className={cn("size-3.5", z === current ? "opacity-100" : "opacity-0")} aria-hidden />
      <span className="min-w-0 flex-1 truncate">
        {z.replace(/_/g, " ")}
        {note ? <span className="ml-1.5 text-xs text-muted-foreground">· {note}</span> : null}
      </span>
      <span className="text-xs text-muted-foreground tabular-nums">{offsetOf(z)}</span>
    </CommandItem>
  );
  return (
    <Command loop>
      <CommandInput placeholder="Search time zones…" aria-label="Search time zones" className="text-sm" />
      <CommandList className="max-h-72">
        <CommandEmpty>No time zone matches.</CommandEmpty>
        <CommandGroup heading="Suggested">{suggested.map((s) => item(s.zone, s.note, `suggested ${s.zone}`))}</CommandGroup>
        <CommandGroup heading="All time zones">{zones.map((z) => item(z.zone, null, z.zone))}</CommandGroup>
      </CommandList>
    </Command>
  );
}
