import Link from "next/link";
import { FileQuestion } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-subtle px-4">
      <div className="w-full max-w-md rounded-xl border border-border bg-card shadow-sm">
        <EmptyState
          icon={FileQuestion}
          title="Page not found"
          titleAs="h1"
          description="This page does not exist, or it belongs to a workspace you are not signed in to."
          action={
            <Button asChild>
              <Link href="/automations">Go to automations</Link>
            </Button>
          }
        />
      </div>
    </main>
  );
}
