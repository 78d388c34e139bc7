"use client";

import * as React from "react";
import { useSearchParams } from "next/navigation";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { replaceSearchParams } from "@/components/shell/url-state";
import { WebhookSubscriptionsSettings } from "./webhook-subscriptions-settings";
import { IncomingWebhooksSettings } from "./incoming/incoming-webhooks-settings";
import { OutgoingWebhooksSettings } from "./outgoing/outgoing-webhooks-settings";

/** One entry per sub-tab of Settings → Webhooks (`?tab=webhooks&hooks=<value>`). */
const SECTIONS = [
  { value: "subscriptions", label: "Event subscriptions", render: () => <WebhookSubscriptionsSettings /> },
  { value: "outgoing", label: "Outgoing endpoints", render: () => <OutgoingWebhooksSettings /> },
  { value: "incoming", label: "Incoming", render: () => <IncomingWebhooksSettings /> },
] as const;

type Section = (typeof SECTIONS)[number]["value"];

/** Settings → Webhooks: event subscriptions, outgoing endpoints and incoming (automation) webhooks. */
export function WebhooksSettings() {
  const params = useSearchParams();
  const raw = params.get("hooks");
  const current: Section = SECTIONS.some((s) => s.value === raw) ? (raw as Section) : SECTIONS[0].value;
  const select = (value: string) => {
    const next = new URLSearchParams(params.toString());
    next.set("tab", "webhooks");
    if (value === SECTIONS[0].value) next.delete("hooks");
    else next.set("hooks", value);
    next.delete("subscription");
    replaceSearchParams(next);
  };
  return (
    <Tabs value={current} onValueChange={select}>
      <TabsList className="mb-5" aria-label="Webhook settings">
        {SECTIONS.map((s) => (
          <TabsTrigger key={s.value} value={s.value} data-testid={`webhooks-tab-${s.value}`}>
            {s.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {SECTIONS.map((s) => (
        <TabsContent key={s.value} value={s.value}>
          {s.render()}
        </TabsContent>
      ))}
    </Tabs>
  );
}
