import type { Metadata } from "next";
import { CheckCheck } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageBody, PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <>
      <PageHeader title="Approvals" description="Runs paused until someone approves or rejects a step." />
      <PageBody>
        <Card className="border-dashed" data-testid="approvals-empty">
          <EmptyState
            icon={CheckCheck}
            title="No approvals waiting"
            description="Approvals arrive with approval steps. When a run pauses for a decision, the request, its approvers and the outcome are listed here; approvers outside the workspace decide on a public approval page."
          />
        </Card>
      </PageBody>
    </>
  );
}
