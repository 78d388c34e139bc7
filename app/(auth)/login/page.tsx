import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getRequestSession } from "@/server/auth/require-session";
import { signInErrorMessage } from "@/server/auth/messages";
import { LoginForm } from "./login-form";
import { LogoMark } from "@/components/shell/logo";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : "/automations";
  // The DB re-check, not the JWT alone: a removed member still has a valid cookie, and the app layout would send them back here.
  if (await getRequestSession()) redirect("/automations");
  // next-auth redirects here with ?error=… (e.g. a failed sign-in through its own endpoint).
  const initialError = typeof params.error === "string" ? signInErrorMessage(typeof params.code === "string" ? params.code : null) : null;

  return (
    <main className="relative flex min-h-dvh flex-col items-center justify-center overflow-hidden bg-subtle px-4 py-12">
      <div
        aria-hidden
        className="pointer-events-none absolute inset-0 [background-image:radial-gradient(var(--border)_1px,transparent_1px)] [background-size:20px_20px] [mask-image:radial-gradient(ellipse_at_center,black_20%,transparent_70%)]"
      />
      <div className="relative w-full max-w-[380px]">
        <div className="mb-8 flex flex-col items-center gap-4 text-center">
          <LogoMark className="size-10 shadow-md rounded-[10px]" />
          <div className="space-y-1">
            <h1 className="text-2xl font-semibold text-foreground">Sign in to Switchyard</h1>
            <p className="text-sm text-muted-foreground">Build, run and inspect your automations.</p>
          </div>
        </div>
        <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
      </div>
    </main>
  );
}
