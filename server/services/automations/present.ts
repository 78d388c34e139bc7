import type { Graph } from "@/lib/graph/schema";
import type { Condition } from "@/lib/conditions/schema";
import type { AutomationStatus } from "@/lib/statuses";
import { parseStoredAlerts, type FailureAlertSettings } from "@/lib/failure-alerts/settings";
import { parseStoredConditions, parseStoredGraph } from "./serialize";

/** Columns the list view needs (never the graph). */
export const AUTOMATION_SUMMARY_SELECT = {
  id: true,
  name: true,
  description: true,
  status: true,
  priority: true,
  triggerType: true,
  stepCount: true,
  publishedVersion: true,
  createdAt: true,
  updatedAt: true,
  updatedById: true,
  archivedAt: true,
} as const;

export interface UserRef {
  id: string;
  name: string;
}

export interface AutomationSummary {
  id: string;
  name: string;
  description: string;
  status: AutomationStatus;
  priority: number;
  triggerType: string;
  stepCount: number;
  publishedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
  updatedBy: UserRef | null;
}

export interface AutomationDetail extends AutomationSummary {
  draftGraph: Graph;
  draftRevision: number;
  conditions: Condition[];
  /** its own failure alerts; null = the workspace default (server/services/failure-alerts) */
  failureAlerts: FailureAlertSettings | null;
}

interface SummaryRow {
  id: string;
  name: string;
  description: string;
  status: string;
  priority: number;
  triggerType: string;
  stepCount: number;
  publishedVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
  updatedById: string | null;
  archivedAt: Date | null;
}

interface DetailRow extends SummaryRow {
  draftGraph: string;
  draftRevision: number;
  conditions: string;
  failureAlerts: string | null;
}

function userRef(id: string | null, names: Map<string, string>): UserRef | null {
  if (!id) return null;
  const name = names.get(id);
  return name === undefined ? null : { id, name };
}

export function toAutomationSummary(row: SummaryRow, names: Map<string, string>): AutomationSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: row.status as AutomationStatus,
    priority: row.priority,
    triggerType: row.triggerType,
    stepCount: row.stepCount,
    publishedVersion: row.publishedVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
    updatedBy: userRef(row.updatedById, names),
  };
}

export function toAutomationDetail(row: DetailRow, names: Map<string, string>): AutomationDetail {
  return {
    ...toAutomationSummary(row, names),
    draftGraph: parseStoredGraph(row.draftGraph),
    draftRevision: row.draftRevision,
    conditions: parseStoredConditions(row.conditions),
    failureAlerts: parseStoredAlerts(row.failureAlerts),
  };
}
