"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { GeneralSettings } from "./general-settings";
import { MembersSettings } from "./members-settings";
import { OutboxSettings } from "./outbox-settings";
import { RunRetentionSettings } from "./run-retention-settings";
import { FailureAlertsSettings } from "./failure-alerts-settings";
import { ConnectionsSettings } from "@/components/connections/connections-settings";
import { ApiKeysSettings } from "@/components/api-keys/api-keys-settings";
import { WebhooksSettings } from "@/components/webhooks/webhooks-settings";
import { useViewer } from "@/components/shell/shell-context";
import { replaceSearchParams } from "@/components/shell/url-state";

const TABS = ["general", "members", "connections", "api-keys", "webhooks", "outbox"] as const;
type Tab = (typeof TABS)[number];

export function SettingsView() {
  const params = useSearchParams();
  const { canEdit } = useViewer();
  const raw = params.get("tab");
  // API keys are for admins; specialists neither see the tab nor land on it.
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? "") && (raw !== "api-keys" || canEdit) ? (raw as Tab) : "general";
  return (
    <>
      <PageHeader title="Settings" description="Workspace details, members, connections, API keys, webhooks and the email outbox." />
      <PageBody>
        <Tabs value={tab} onValueChange={(t) => replaceSearchParams(new URLSearchParams(t === "general" ? "" : `tab=${t}`))}>
          <TabsList variant="line" className="mb-6">
            <TabsTrigger value="general" data-testid="settings-tab-general">
              General
            </TabsTrigger>
            <TabsTrigger value="members" data-testid="settings-tab-members">
              Members
            </TabsTrigger>
            <TabsTrigger value="connections" data-testid="settings-tab-connections">
              Connections
            </TabsTrigger>
            {canEdit ? (
              <TabsTrigger value="api-keys" data-testid="settings-tab-api-keys">
                API keys
              </TabsTrigger>
            ) : null}
            <TabsTrigger value="webhooks" data-testid="settings-tab-webhooks">
              Webhooks
            </TabsTrigger>
            <TabsTrigger value="outbox" data-testid="settings-tab-outbox">
              Outbox
            </TabsTrigger>
          </TabsList>
          <TabsContent value="general">
            <GeneralSettings />
            <RunRetentionSettings />
            <FailureAlertsSettings />
          </TabsContent>
          <TabsContent value="members">
            <MembersSettings />
          </TabsContent>
          <TabsContent value="connections">
            <ConnectionsSettings />
          </TabsContent>
          {canEdit ? (
            <TabsContent value="api-keys">
              <ApiKeysSettings />
            </TabsContent>
          ) : null}
          <TabsContent value="webhooks">
            <WebhooksSettings />
          </TabsContent>
          <TabsContent value="outbox">
            <OutboxSettings />
          </TabsContent>
        </Tabs>
      </PageBody>
    </>
  );
}
