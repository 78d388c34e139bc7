import * as React from "react";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { cn } from "@/components/ui/utils";
import { constraints, curlExample, expandable, groupByTag, refName, typeLabel, type JsonSchema, type OpenApiDoc, type ResolvedOperation } from "./openapi-types";

/**
 * The REST API reference, rendered from the OpenAPI document on the server:
 * no script, no CDN assets, readable offline. Operations are grouped by tag;
 * each shows its scope, parameters, request and response schemas and a curl.
 */
const METHOD_VARIANT: Record<string, BadgeVariant> = { GET: "info", POST: "success", PATCH: "warning", DELETE: "destructive" };

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

export function ApiReference({ doc, origin }: { doc: OpenApiDoc; origin: string }) {
  const groups = groupByTag(doc);
  const schemas = doc.components.schemas;
  return (
    <div className="grid gap-10 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <nav aria-label="API operations" className="lg:sticky lg:top-4 lg:max-h-[calc(100vh-6rem)] lg:self-start lg:overflow-auto">
        <ul className="space-y-4 text-sm">
          {groups.map((g) => (
            <li key={g.tag}>
              <a href={`#tag-${slug(g.tag)}`} className="font-medium rounded-sm hover:underline focus-visible:underline">
                {g.tag}
              </a>
              <ul className="mt-1 space-y-0.5 border-l border-border pl-3">
                {g.operations.map((op) => (
                  <li key={`${op.method} ${op.path}`}>
                    <a href={`#${op.operationId}`} className={cn("block truncate rounded px-1 py-0.5 text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:bg-accent", op.deprecated && "line-through")}>
                      <span className="mr-1.5 inline-block w-12 font-mono text-[11px] font-semibold">{op.method}</span>
                      {op.summary ?? op.operationId}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-12">
        <section className="space-y-3 rounded-lg border border-border bg-card p-5 text-sm">
          <h2 className="text-base font-semibold">
            {doc.info.title} <span className="font-normal text-muted-foreground">v{doc.info.version}</span>
          </h2>
          {doc.info.description ? <p className="text-muted-foreground">{doc.info.description}</p> : null}
          <p className="text-muted-foreground">
            Base URL <code className="font-mono text-foreground">{origin}/api/v1</code> · machine-readable document at{" "}
            <a className="font-mono text-primary hover:underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>
          </p>
        </section>
        {groups.map((g) => (
          <section key={g.tag} id={`tag-${slug(g.tag)}`} aria-labelledby={`tag-${slug(g.tag)}-title`} className="scroll-mt-4 space-y-6">
            <h2 id={`tag-${slug(g.tag)}-title`} className="border-b border-border pb-2 text-lg font-semibold">
              {g.tag}
            </h2>
            {g.operations.map((op) => (
              <OperationCard key={`${op.method} ${op.path}`} op={op} origin={origin} schemas={schemas} errors={doc.components.responses} />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}

function OperationCard({ op, origin, schemas, errors }: { op: ResolvedOperation; origin: string; schemas: Record<string, JsonSchema>; errors: OpenApiDoc["components"]["responses"] }) {
  const params = op.parameters ?? [];
  const body = op.requestBody?.content["application/json"].schema;
  const curl = curlExample(op, origin, schemas);
  const entries = Object.entries(op.responses);
  const success = entries.filter(([s]) => s.startsWith("2"));
  const failures = entries.filter(([s]) => !s.startsWith("2"));
  return (
    <article id={op.operationId} className="scroll-mt-4 rounded-lg border border-border bg-card" data-testid="api-operation">
      <header className="flex flex-wrap items-center gap-2 border-b border-border px-4 py-3">
        <Badge variant={METHOD_VARIANT[op.method] ?? "neutral"} className="font-mono">
          {op.method}
        </Badge>
        <code className="min-w-0 font-mono text-sm font-medium break-all">{op.path}</code>
        {op.deprecated ? <Badge variant="outline">alias</Badge> : null}
        <span className="ml-auto">
          {op["x-required-scope"] ? (
            <Badge variant="default" className="font-mono" title="Required scope">
              {op["x-required-scope"]}
            </Badge>
          ) : null}
        </span>
      </header>
      <div className="space-y-5 p-4 text-sm">
        <div>
          <h3 className="font-medium">{op.summary}</h3>
          {op.description ? <p className="mt-1 whitespace-pre-line text-muted-foreground">{op.description}</p> : null}
        </div>
        {params.length > 0 ? (
          <div>
            <h4 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Parameters</h4>
            <FieldTable
              rows={params.map((p) => ({ name: p.name, where: p.in, required: !!p.required, schema: { ...p.schema, description: p.description ?? p.schema.description } }))}
              schemas={schemas}
              seen={new Set()}
            />
          </div>
        ) : null}
        {body ? (
          <div>
            <h4 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Request body</h4>
            <SchemaBlock schema={body} schemas={schemas} seen={new Set()} />
          </div>
        ) : null}
        <div>
          <h4 className="mb-2 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Responses</h4>
          <div className="space-y-3">
            {success.map(([status, r]) => {
              const schema = r.content?.["application/json"].schema;
              return (
                <div key={status}>
                  <p>
                    <Badge variant="success" className="font-mono">
                      {status}
                    </Badge>{" "}
                    <span className="text-muted-foreground">{r.description}</span>
                  </p>
                  {schema ? (
                    <div className="mt-2">
                      <SchemaBlock schema={schema} schemas={schemas} seen={new Set()} />
                    </div>
                  ) : null}
                </div>
              );
            })}
            {failures.length > 0 ? (
              <ul className="flex flex-wrap gap-1.5" aria-label="Error responses">
                {failures.map(([status, r]) => (
                  <li key={status}>
                    <Badge variant="outline" className="font-mono" title={r.$ref ? errors[refName(r.$ref)]?.description : r.description}>
                      {status}
                    </Badge>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
        <div>
          <div className="mb-2 flex items-center justify-between">
            <h4 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Example</h4>
            <CopyButton value={curl} label="Copy curl" />
          </div>
          <pre className="rounded-md border border-border bg-muted/50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-all">{curl}</pre>
        </div>
      </div>
    </article>
  );
}

interface Row {
  name: string;
  where?: string;
  required: boolean;
  schema: JsonSchema;
}

function SchemaBlock({ schema, schemas, seen }: { schema: JsonSchema; schemas: Record<string, JsonSchema>; seen: ReadonlySet<string> }) {
  const target = expandable(schema, schemas, seen);
  if (!target) return <code className="font-mono text-xs">{typeLabel(schema)}</code>;
  const inner = target.schema;
  const nextSeen = target.name ? new Set([...seen, target.name]) : seen;
  return (
    <div>
      {typeLabel(schema) !== "object" ? <p className="mb-1 font-mono text-xs text-muted-foreground">{typeLabel(schema)}</p> : null}
      <FieldTable rows={Object.entries(inner.properties ?? {}).map(([name, s]) => ({ name, required: (inner.required ?? []).includes(name), schema: s }))} schemas={schemas} seen={nextSeen} />
    </div>
  );
}

function FieldTable({ rows, schemas, seen }: { rows: Row[]; schemas: Record<string, JsonSchema>; seen: ReadonlySet<string> }) {
  if (rows.length === 0) return <p className="text-xs text-muted-foreground">No fields.</p>;
  return (
    <div className="divide-y divide-border rounded-md border border-border">
      {rows.map((r) => {
        const nested = seen.size < 4 ? expandable(r.schema, schemas, seen) : null;
        const notes = constraints(r.schema);
        return (
          <div key={`${r.where ?? ""}${r.name}`} className="grid gap-1 px-3 py-2 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
            <div className="min-w-0">
              <code className="font-mono text-xs font-semibold break-all">{r.name}</code>
              <div className="mt-0.5 flex flex-wrap gap-1">
                {r.where ? <span className="text-[11px] text-muted-foreground">{r.where}</span> : null}
                {r.required ? <span className="text-[11px] font-medium text-destructive">required</span> : <span className="text-[11px] text-muted-foreground">optional</span>}
              </div>
            </div>
            <div className="min-w-0 space-y-1">
              <code className="font-mono text-xs break-all text-primary">{typeLabel(r.schema)}</code>
              {notes.length ? <span className="ml-2 text-[11px] text-muted-foreground">{notes.join(" · ")}</span> : null}
              {r.schema.description ? <p className="text-xs text-muted-foreground">{r.schema.description}</p> : null}
              {nested ? (
                <details className="group">
                  <summary className="cursor-pointer rounded text-xs text-muted-foreground select-none hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
                    {nested.name ? `${nested.name} fields` : "Fields"}
                  </summary>
                  <div className="mt-2">
                    <FieldTable
                      rows={Object.entries(nested.schema.properties ?? {}).map(([name, s]) => ({ name, required: (nested.schema.required ?? []).includes(name), schema: s }))}
                      schemas={schemas}
                      seen={nested.name ? new Set([...seen, nested.name]) : seen}
                    />
                  </div>
                </details>
              ) : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}
