"use client";

import * as React from "react";
import { formatDuration } from "@/components/ui/relative-time";

/** Elapsed time since `from`, ticking every second (for runs still in progress). */
export function LiveDuration({ from }: { from: Date | string }) {
  const start = new Date(from).getTime();
  const [now, setNow] = React.useState<number | null>(null);
  React.useEffect(() => {
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return <span suppressHydrationWarning>{now === null ? "…" : formatDuration(Math.max(0, now - start))}</span>;
}
