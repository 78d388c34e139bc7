"use client";

import { Toaster as Sonner, toast } from "sonner";
import { useTheme } from "next-themes";

/** Mount once (Providers). Use `toast.success("Saved")`, `toast.error(message)` anywhere. */
export function Toaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Sonner
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      position="bottom-right"
      closeButton
      toastOptions={{
        style: {
          background: "var(--popover)",
          color: "var(--popover-foreground)",
          border: "1px solid var(--border)",
          fontSize: "0.8125rem",
          borderRadius: "calc(var(--radius) + 2px)",
        },
      }}
    />
  );
}

export { toast };
