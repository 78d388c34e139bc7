"use client";

import { AlertTriangle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageBody } from "@/components/shell/page-header";

/** Error boundary for signed-in pages: the shell (sidebar) stays usable. */
export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <PageBody>
      <Card className="mt-10">
        <EmptyState
          icon={AlertTriangle}
          title="This page could not be shown"
          description={
            <>
              {error.message || "An unexpected error occurred."}
              {error.digest ? <span className="mt-1 block font-mono text-xs">Reference: {error.digest}</span> : null}
            </>
          }
          action={<Button onClick={reset}>Try again</Button>}
        />
      </Card>
    </PageBody>
  );
}
