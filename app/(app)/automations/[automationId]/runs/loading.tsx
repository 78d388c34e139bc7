import { RunsPageSkeleton } from "@/components/runs/runs-page-skeleton";

export default function Loading() {
  return <RunsPageSkeleton />;
}
