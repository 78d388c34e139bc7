import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { KeyRound } from "lucide-react";
import { openApiDocument } from "@/server/api/openapi";
import { ApiReference } from "@/components/api-reference/api-reference";
import type { OpenApiDoc } from "@/components/api-reference/openapi-types";
import { Button } from "@/components/ui/button";
import { PageBody, PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "API reference" };

/** The REST API reference: the same document as /api/v1/openapi.json, rendered here (no external assets). */
export default async function ApiReferencePage() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? "http";
  const doc = openApiDocument() as unknown as OpenApiDoc;
  return (
    <>
      <PageHeader
        title="API reference"
        description="Every /api/v1 operation with its scope, parameters, request and response bodies, and an example."
        actions={
          <Button variant="secondary" asChild>
            <Link href="/settings?tab=api-keys">
              <KeyRound /> API keys
            </Link>
          </Button>
        }
      />
      <PageBody className="max-w-7xl">
        <ApiReference doc={doc} origin={`${proto}://${host}`} />
      </PageBody>
    </>
  );
}
