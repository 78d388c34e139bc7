import { RunDetailSkeleton } from "@/components/runs/run-detail-skeleton";

export default function Loading() {
  return <RunDetailSkeleton />;
}
