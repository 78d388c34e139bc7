/** What templates (and condition-node fields) can see. */
export interface TemplateScope {
  trigger: unknown;
  /** Step outputs keyed by node name and by node id (see buildStepsScope). */
  steps: Record<string, unknown>;
  vars: Record<string, unknown>;
  loop?: { item: unknown; index: number };
  /** Clock for {{now}} / {{today}}; injected so tests and replays are deterministic. */
  now: Date;
  /**
   * Secrets by connection name, for {{connections.<name>.<field>}}: only the server
   * sets them, while a step that accepts secrets runs. Without them every such
   * reference resolves to the mask "••••", so recorded requests never hold a secret.
   */
  connections?: Record<string, Record<string, string>>;
}

/**
 * Keys step outputs by node name first, then by node id, so `{{steps.Fetch order.body}}`,
 * `{{steps["Fetch order"].body}}` and `{{steps.node_ab12.body}}` all work. When a name
 * equals another node's id, the name wins; when two nodes share a name, the first
 * node in `nodes` order owns the name (the validator warns about duplicate names).
 */
export function buildStepsScope(
  nodes: ReadonlyArray<{ id: string; name: string }>,
  outputsById: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const steps: Record<string, unknown> = {};
  const ranNodes = nodes.filter((n) => Object.prototype.hasOwnProperty.call(outputsById, n.id));
  for (const node of ranNodes) steps[node.id] = outputsById[node.id];
  const named = new Set<string>();
  for (const node of ranNodes) {
    if (named.has(node.name)) continue;
    named.add(node.name);
    steps[node.name] = outputsById[node.id];
  }
  return steps;
}

/** The scope as plain data (for the code sandbox and for conditions): now/today become strings. */
export function scopeToData(scope: TemplateScope): Record<string, unknown> {
  const data: Record<string, unknown> = {
    trigger: scope.trigger,
    steps: scope.steps,
    vars: scope.vars,
    now: scope.now.toISOString(),
    today: formatToday(scope.now),
  };
  if (scope.loop) data.loop = scope.loop;
  return data;
}

/** YYYY-MM-DD in UTC. */
export function formatToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}
