import type { Metadata } from "next";
import { CalendarClock } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageBody, PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Schedules" };

export default function SchedulesPage() {
  return (
    <>
      <PageHeader title="Schedules" description="Automations that start on a timetable: cron expressions with a time zone, next run times and history." />
      <PageBody>
        <Card className="border-dashed" data-testid="schedules-empty">
          <EmptyState
            icon={CalendarClock}
            title="No schedules yet"
            description="Schedules arrive with schedule triggers. Once an automation starts on a schedule, its next run times, remaining occurrences and history show up here."
          />
        </Card>
      </PageBody>
    </>
  );
}
