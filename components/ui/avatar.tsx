import * as React from "react";
import { cn } from "./utils";

const TONES = [
  "bg-indigo-500/15 text-indigo-800 dark:text-indigo-300",
  "bg-emerald-500/15 text-emerald-800 dark:text-emerald-300",
  "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  "bg-rose-500/15 text-rose-800 dark:text-rose-300",
  "bg-sky-500/15 text-sky-800 dark:text-sky-300",
  "bg-violet-500/15 text-violet-800 dark:text-violet-300",
];

export function initials(name: string): string {
  const parts = name.trim().split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

function tone(seed: string): string {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return TONES[h % TONES.length];
}

/**
 * Initials avatar with a stable color per name (no images: the app runs offline). Decorative: the
 * name is always next to it or in the control's label. The initials are drawn by CSS (not text in
 * the DOM), so a button's visible text is the name alone and matches its accessible name.
 */
export function Avatar({ name, className, square = false }: { name: string; className?: string; square?: boolean }) {
  return (
    <span
      aria-hidden
      data-initials={initials(name)}
      className={cn(
        "inline-flex size-7 shrink-0 items-center justify-center text-2xs font-semibold before:content-[attr(data-initials)]",
        square ? "rounded-md" : "rounded-full",
        tone(name),
        className,
      )}
    />
  );
}
