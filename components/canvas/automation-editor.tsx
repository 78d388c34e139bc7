"use client";

import "@xyflow/react/dist/style.css";
import "./canvas.css";

import { useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { useViewer } from "@/components/shell/shell-context";
import { errorCode, errorMessage } from "@/components/shell/errors";
import { useTRPC } from "@/lib/trpc/client";
import { editorCatalog } from "./catalog";
import { EditorStoreProvider } from "./store/context";
import { EditorWorkspace } from "./editor-workspace";
import { EditorSkeleton } from "./editor-skeleton";

/** The automation editor page body: loads the automation, then mounts one editor store + React Flow. */
export function AutomationEditor({ automationId }: { automationId: string }) {
  const trpc = useTRPC();
  const { canEdit } = useViewer();
  // The editor owns the draft once loaded: no background refetch may replace it.
  const query = useQuery({ ...trpc.automations.get.queryOptions({ id: automationId }), staleTime: Infinity, refetchOnWindowFocus: false, refetchOnReconnect: false });

  if (query.isLoading) return <EditorSkeleton />;
  if (query.error || !query.data) {
    const notFound = errorCode(query.error) === "NOT_FOUND";
    return (
      <div className="flex h-full items-center justify-center p-6" data-testid="editor-error">
        <div className="max-w-md text-center">
          <AlertTriangle className="mx-auto mb-3 size-8 text-destructive" />
          <h1 className="text-lg font-semibold">{notFound ? "Automation not found" : "Could not open the editor"}</h1>
          <p className="mt-1 text-sm text-muted-foreground">
            {notFound ? "It may have been deleted, or it belongs to another workspace." : errorMessage(query.error)}
          </p>
          <Button asChild variant="secondary" className="mt-4">
            <Link href="/automations">Back to automations</Link>
          </Button>
        </div>
      </div>
    );
  }
  const automation = query.data;
  const readOnly = !canEdit || automation.status === "ARCHIVED";
  return (
    <EditorStoreProvider key={automation.id} init={() => ({ graph: automation.draftGraph, catalog: editorCatalog, readOnly })}>
      <ReactFlowProvider>
        <EditorWorkspace automation={automation} canEdit={!readOnly} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
