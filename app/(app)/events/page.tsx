import type { Metadata } from "next";
import { Suspense } from "react";
import { EventsPageSkeleton, EventsView } from "@/components/events/events-view";

export const metadata: Metadata = { title: "Events" };

export default function EventsPage() {
  return (
    <Suspense fallback={<EventsPageSkeleton />}>
      <EventsView />
    </Suspense>
  );
}
