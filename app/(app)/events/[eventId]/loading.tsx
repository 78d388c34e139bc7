import { EventDetailSkeleton } from "@/components/events/event-detail-view";

export default function Loading() {
  return <EventDetailSkeleton />;
}
