"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PageBody, PageHeader } from "@/components/shell/page-header";
import { GeneralSettings } from "./general-settings";
import { MembersSettings } from "./members-settings";
import { OutboxSettings } from "./outbox-settings";
import { ConnectionsSettings } from "@/components/connections/connections-settings";
import { replaceSearchParams } from "@/components/shell/url-state";

const TABS = ["general", "members", "connections", "outbox"] as const;
type Tab = (typeof TABS)[number];

export function SettingsView() {
  const params = useSearchParams();
  const raw = params.get("tab");
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? "") ? (raw as Tab) : "general";
  return (
    <>
      <PageHeader title="Settings" description="Workspace details, members, connections and the email outbox." />
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
            <TabsTrigger value="outbox" data-testid="settings-tab-outbox">
              Outbox
            </TabsTrigger>
          </TabsList>
          <TabsContent value="general">
            <GeneralSettings />
          </TabsContent>
          <TabsContent value="members">
            <MembersSettings />
          </TabsContent>
          <TabsContent value="connections">
            <ConnectionsSettings />
          </TabsContent>
          <TabsContent value="outbox">
            <OutboxSettings />
          </TabsContent>
        </Tabs>
      </PageBody>
    </>
  );
}
