"use client";

import { useCallback, useEffect, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useReactFlow } from "@xyflow/react";
import { Eye, RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { RouterOutputs } from "@/lib/trpc/types";
import { useTRPC, useTRPCClient } from "@/lib/trpc/client";
import { Canvas } from "./canvas";
import { ConflictDialog } from "./dialogs/conflict-dialog";
import { PublishDialog, type PublishProblem } from "./dialogs/publish-dialog";
import { SettingsDialog } from "./dialogs/settings-dialog";
import { EditorHeader } from "./header/editor-header";
import { VersionHistory } from "./history/version-history";
import { errorDetails, useAutosave } from "./hooks/use-autosave";
import { useEditorCommands } from "./hooks/use-editor-commands";
import { useShortcuts } from "./hooks/use-shortcuts";
import { useValidation } from "./hooks/use-validation";
import { Palette } from "./palette/palette";
import { ConfigPanel } from "./panel/config-panel";
import { RunBanner } from "./run/run-banner";
import { TestRunDialog } from "./run/test-run-dialog";
import { useTestRun } from "./run/use-test-run";
import { SimulateDialog } from "./run/simulate-dialog";
import { useSimulation } from "./run/use-simulation";
import { useEditor, useEditorApi } from "./store/context";
import { CanvasToolbar } from "./toolbar/canvas-toolbar";
import type { ConditionValue } from "./conditions/condition-row";

type Automation = RouterOutputs["automations"]["get"];

/** Everything inside one mounted editor: header, palette, canvas, panel, dialogs, and the hooks that tie them to the server. */
export function EditorWorkspace({ automation, canEdit }: { automation: Automation; canEdit: boolean }) {
  const api = useEditorApi();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const rf = useReactFlow();
  const automationId = automation.id;

  const readOnly = useEditor((s) => s.readOnly);
  const viewing = useEditor((s) => s.versionView?.number ?? null);
  const blockingProblems = useEditor((s) => s.problemList.filter((p) => p.severity === "error").length);

  const [helpOpen, setHelpOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [testOpen, setTestOpen] = useState(false);
  const [simulateOpen, setSimulateOpen] = useState(false);
  const [publishOpen, setPublishOpen] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [publishProblems, setPublishProblems] = useState<PublishProblem[]>([]);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [conflictBusy, setConflictBusy] = useState(false);

  const autosave = useAutosave(automationId, automation.draftRevision, canEdit);
  const testRun = useTestRun(automationId, autosave);
  const simulation = useSimulation(automationId, autosave, canEdit);
  const commands = useEditorCommands();
  const toggleHelp = useCallback(() => setHelpOpen((o) => !o), []);
  useShortcuts(commands, toggleHelp);
  useValidation();

  // refused edits (cycles, second trigger…) become toasts
  useEffect(
    () =>
      api.subscribe((s, prev) => {
        if (s.notice && s.notice !== prev.notice) toast.error(s.notice.message);
      }),
    [api],
  );

  const invalidate = useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.automations.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.versions.pathKey() }),
    ]);
  }, [queryClient, trpc]);

  const fetchDraft = useCallback(
    () => queryClient.fetchQuery({ ...trpc.automations.get.queryOptions({ id: automationId }), staleTime: 0 }),
    [automationId, queryClient, trpc],
  );

  const showNode = useCallback(
    (nodeId: string) => {
      api.getState().selectOnly([nodeId]);
      setPublishOpen(false);
      requestAnimationFrame(() => void rf.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.1, padding: 0.6 }));
    },
    [api, rf],
  );

  const publish = useCallback(
    async (note: string) => {
      setPublishing(true);
      setPublishProblems([]);
      setPublishError(null);
      try {
        await autosave.flush();
        const res = await client.versions.publish.mutate({ automationId, note: note.trim() || undefined, draftRevision: autosave.revision() });
        api.getState().setHighlighted([]);
        setPublishOpen(false);
        toast.success(`Published version ${res.number}`);
        await invalidate();
      } catch (e) {
        const d = errorDetails(e);
        const problems = Array.isArray(d.details?.problems) ? (d.details.problems as PublishProblem[]) : [];
        if (problems.length) {
          const names = new Map(api.getState().nodes.map((n) => [n.id, n.data.node.name]));
          setPublishProblems(
            problems.map((p) => {
              const name = p.nodeId ? names.get(p.nodeId) : undefined;
              // server messages usually quote the step name already
              return { ...p, nodeName: name && !p.message.includes(name) ? name : undefined };
            }),
          );
          api.getState().setHighlighted(problems.flatMap((p) => (p.nodeId ? [p.nodeId] : [])));
        } else setPublishError(d.message);
      } finally {
        setPublishing(false);
      }
    },
    [api, automationId, autosave, client, invalidate],
  );

  const setStatus = useMutation(
    trpc.automations.setStatus.mutationOptions({
      onSuccess: async (_data, vars) => {
        toast.success(vars.status === "ACTIVE" ? "Automation is active" : "Automation paused");
        await invalidate();
      },
      onError: (e) => toast.error(errorDetails(e).message),
    }),
  );

  const viewVersion = useCallback(
    async (number: number) => {
      try {
        const v = await queryClient.fetchQuery(trpc.versions.get.queryOptions({ automationId, number }));
        if (!v.graph) return void toast.error(`Version ${number} cannot be shown: its stored graph is not valid any more.`);
        testRun.clear();
        api.getState().enterVersionView(number, v.graph);
        requestAnimationFrame(() => void rf.fitView({ padding: 0.25, duration: 300, maxZoom: 1.1 }));
      } catch (e) {
        toast.error(errorDetails(e).message);
      }
    },
    [api, automationId, queryClient, rf, testRun, trpc],
  );

  const restoreVersion = useCallback(
    async (number: number) => {
      try {
        await autosave.flush();
        const res = await client.versions.restore.mutate({ automationId, number, draftRevision: autosave.revision() });
        const fresh = await fetchDraft();
        api.getState().exitVersionView();
        api.getState().replaceGraph(fresh.draftGraph);
        autosave.resetRevision(res.draftRevision);
        await invalidate();
        toast.success(`Version ${number} restored into the draft`);
      } catch (e) {
        toast.error(errorDetails(e).message);
      }
    },
    [api, automationId, autosave, client, fetchDraft, invalidate],
  );

  const reloadTheirs = useCallback(async () => {
    setConflictBusy(true);
    try {
      const fresh = await fetchDraft();
      api.getState().replaceGraph(fresh.draftGraph);
      autosave.resetRevision(fresh.draftRevision);
      toast.message("Loaded the latest saved draft. Undo (Ctrl/⌘ + Z) brings your version back.");
    } catch (e) {
      toast.error(errorDetails(e).message);
    } finally {
      setConflictBusy(false);
    }
  }, [api, autosave, fetchDraft]);

  const overwrite = useCallback(async () => {
    setConflictBusy(true);
    try {
      await autosave.overwrite();
      toast.success("Your version was saved");
    } catch (e) {
      toast.error(errorDetails(e).message);
    } finally {
      setConflictBusy(false);
    }
  }, [autosave]);

  return (
    <div className="flex h-full flex-col" data-testid="automation-editor">
      <EditorHeader
        name={automation.name}
        status={automation.status}
        publishedVersion={automation.publishedVersion}
        canEdit={canEdit}
        autosave={autosave}
        onSettings={() => setSettingsOpen(true)}
        onHistory={() => setHistoryOpen((o) => !o)}
        onTestRun={() => setTestOpen(true)}
        onSimulate={() => setSimulateOpen(true)}
        onPublish={() => {
          setPublishProblems([]);
          setPublishError(null);
          setPublishOpen(true);
        }}
        onToggleStatus={(on) => setStatus.mutate({ id: automationId, status: on ? "ACTIVE" : "PAUSED" })}
        statusPending={setStatus.isPending}
        onShowNode={showNode}
      />
      {viewing !== null ? (
        <div className="flex items-center gap-3 border-b border-primary/20 bg-primary/5 px-4 py-2 text-sm" data-testid="version-view-banner">
          <Eye className="size-4 text-primary" />
          <span>
            Viewing <span className="font-semibold">version {viewing}</span> (read-only). The draft is unchanged.
          </span>
          <div className="ml-auto flex gap-1.5">
            {canEdit ? (
              <Button variant="secondary" size="sm" onClick={() => void restoreVersion(viewing)} data-testid="restore-viewed-version">
                <RotateCcw /> Restore into draft
              </Button>
            ) : null}
            <Button size="sm" onClick={() => api.getState().exitVersionView()} data-testid="back-to-draft">
              Back to draft
            </Button>
          </div>
        </div>
      ) : null}
      <div className="flex min-h-0 flex-1">
        {!readOnly ? <Palette onAdd={commands.addAtCenter} /> : null}
        <div className="relative min-w-0 flex-1">
          <Canvas commands={commands} />
          <CanvasToolbar commands={commands} helpOpen={helpOpen} onHelpOpenChange={setHelpOpen} />
          <RunBanner onClear={testRun.clear} />
        </div>
        <ConfigPanel />
        <VersionHistory
          automationId={automationId}
          open={historyOpen}
          onOpenChange={setHistoryOpen}
          viewing={viewing}
          onView={viewVersion}
          onRestore={restoreVersion}
          canRestore={canEdit}
        />
      </div>

      <SettingsDialog
        open={settingsOpen}
        onOpenChange={setSettingsOpen}
        readOnly={!canEdit}
        automation={{
          id: automationId,
          name: automation.name,
          description: automation.description,
          priority: automation.priority,
          conditions: automation.conditions as ConditionValue[],
        }}
      />
      <SimulateDialog
        open={simulateOpen}
        onOpenChange={setSimulateOpen}
        onSimulate={(data) => {
          // one overlay at a time: stop following a test run before showing the simulated path
          testRun.clear();
          return simulation.simulate(data);
        }}
        simulating={simulation.simulating}
        error={simulation.error}
        result={simulation.result}
        onShowNode={(nodeId) => {
          setSimulateOpen(false);
          showNode(nodeId);
        }}
      />
      {canEdit ? (
        <>
          <TestRunDialog
            open={testOpen}
            onOpenChange={setTestOpen}
            onStart={testRun.start}
            starting={testRun.starting}
            error={testRun.error}
            blockingProblems={blockingProblems}
          />
          <PublishDialog
            open={publishOpen}
            onOpenChange={setPublishOpen}
            onPublish={publish}
            publishing={publishing}
            problems={publishProblems}
            error={publishError}
            onShowNode={showNode}
            nextVersion={(automation.publishedVersion ?? 0) + 1}
          />
          <ConflictDialog conflict={autosave.conflict} onReload={reloadTheirs} onOverwrite={overwrite} busy={conflictBusy} />
        </>
      ) : null}
    </div>
  );
}
