"use client";

import * as React from "react";
import { ThemeProvider } from "next-themes";
import { TRPCReactProvider } from "@/lib/trpc/client";
import { TooltipProvider } from "@/components/ui/tooltip";
import { Toaster } from "@/components/ui/toaster";

/**
 * App-wide client providers. The session (next-auth SessionProvider) is provided by the
 * signed-in layout with the server-read session, so `useSession().update` works at once.
 */
export function Providers({ children }: { children: React.ReactNode }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
      <TRPCReactProvider>
        <TooltipProvider delayDuration={400} skipDelayDuration={150}>
          {children}
          <Toaster />
        </TooltipProvider>
      </TRPCReactProvider>
    </ThemeProvider>
  );
}
