"use client";

import { useEffect, useState } from "react";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

const UNITS = [
  { id: "ms", label: "ms", ms: 1 },
  { id: "s", label: "seconds", ms: 1000 },
  { id: "min", label: "minutes", ms: 60_000 },
  { id: "h", label: "hours", ms: 3_600_000 },
] as const;
type UnitId = (typeof UNITS)[number]["id"];

/** Largest unit that expresses `ms` as a whole number. */
export function bestUnit(ms: number): UnitId {
  for (const u of [...UNITS].reverse()) if (ms !== 0 && ms % u.ms === 0) return u.id;
  return ms === 0 ? "s" : "ms";
}

interface DurationInputProps {
  id: string;
  valueMs: number;
  onChange: (ms: number) => void;
  disabled?: boolean;
  testId?: string;
  min?: number;
  max?: number;
}

/** A duration picker: amount + unit, stored as milliseconds. */
export function DurationInput({ id, valueMs, onChange, disabled, testId, min = 0, max }: DurationInputProps) {
  const [unit, setUnit] = useState<UnitId>(() => bestUnit(valueMs));
  const factor = UNITS.find((u) => u.id === unit)!.ms;
  const [text, setText] = useState(String(valueMs / factor));
  useEffect(() => {
    setText((t) => (Number(t) * factor === valueMs ? t : String(valueMs / factor)));
  }, [valueMs, factor]);
  const commit = (raw: string, f = factor) => {
    const n = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(n)) return;
    let ms = Math.round(n * f);
    ms = Math.max(min, max === undefined ? ms : Math.min(max, ms));
    onChange(ms);
  };
  return (
    <div className="grid grid-cols-[minmax(0,1fr)_7.5rem] gap-1.5">
      <Input
        id={id}
        data-testid={testId}
        inputMode="decimal"
        value={text}
        disabled={disabled}
        className="tabular"
        onChange={(e) => {
          setText(e.target.value);
          commit(e.target.value);
        }}
      />
      <Select
        value={unit}
        disabled={disabled}
        onValueChange={(u) => {
          const next = u as UnitId;
          setUnit(next);
          commit(text, UNITS.find((x) => x.id === next)!.ms);
        }}
      >
        <SelectTrigger aria-label="Unit">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {UNITS.map((u) => (
            <SelectItem key={u.id} value={u.id}>
              {u.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
    </div>
  );
}
