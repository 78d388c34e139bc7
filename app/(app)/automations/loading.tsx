import { AutomationsPageSkeleton } from "@/components/automations/automations-page-skeleton";

export default function Loading() {
  return <AutomationsPageSkeleton />;
}
