import { EventsPageSkeleton } from "@/components/events/events-view";

export default function Loading() {
  return <EventsPageSkeleton />;
}
