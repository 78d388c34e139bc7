import { EditorSkeleton } from "@/components/canvas/editor-skeleton";

export default function Loading() {
  return <EditorSkeleton />;
}
