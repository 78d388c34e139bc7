import * as React from "react";
import { cn } from "@/components/ui/utils";

/** Two-column settings block: title + explanation on the left, content on the right. */
export function SettingsSection({ title, description, children, className }: { title: string; description?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <section className={cn("grid gap-4 border-b border-border py-6 first:pt-0 last:border-0 md:grid-cols-[16rem_minmax(0,1fr)] md:gap-10", className)}>
      <div>
        <h2 className="text-base font-semibold">{title}</h2>
        {description ? <p className="mt-1 text-sm text-muted-foreground">{description}</p> : null}
      </div>
      <div className="min-w-0">{children}</div>
    </section>
  );
}

export function ReadOnlyRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-11 items-center justify-between gap-4 border-b border-border px-4 py-2.5 last:border-0">
      <span className="text-sm text-muted-foreground">{label}</span>
      <span className="flex min-w-0 items-center gap-1.5 text-sm font-medium">{children}</span>
    </div>
  );
}
