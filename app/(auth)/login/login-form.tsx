"use client";

import * as React from "react";
import { AlertCircle, ArrowRight, KeyRound } from "lucide-react";
import { loginAction, type LoginState } from "./actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";

const DEMO_ACCOUNTS = [
  { email: "admin@acme.test", password: "admin123!", role: "Admin" },
  { email: "specialist@acme.test", password: "specialist123!", role: "Specialist" },
];

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const [state, formAction, pending] = React.useActionState<LoginState, FormData>(loginAction, { error: initialError, email: "" });
  const emailRef = React.useRef<HTMLInputElement>(null);
  const passwordRef = React.useRef<HTMLInputElement>(null);
  const formRef = React.useRef<HTMLFormElement>(null);

  function fill(account: (typeof DEMO_ACCOUNTS)[number]) {
    if (emailRef.current) emailRef.current.value = account.email;
    if (passwordRef.current) passwordRef.current.value = account.password;
    passwordRef.current?.focus();
  }

  const error = state.error;
  return (
    <div className="space-y-4">
      <Card className="p-6 shadow-md">
        <form ref={formRef} action={formAction} className="grid gap-4" noValidate>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <Field id="email" label="Email">
            <Input
              ref={emailRef}
              id="email"
              name="email"
              type="email"
              autoComplete="email"
              autoFocus
              required
              defaultValue={state.email}
              placeholder="you@company.com"
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "login-error" : undefined}
              className="h-9"
            />
          </Field>
          <Field id="password" label="Password">
            <Input
              ref={passwordRef}
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "login-error" : undefined}
              className="h-9"
            />
          </Field>
          {error ? (
            <div
              id="login-error"
              role="alert"
              data-testid="login-error"
              className="flex items-start gap-2 rounded-md border border-destructive/30 bg-destructive/8 px-3 py-2 text-sm text-destructive"
            >
              <AlertCircle className="mt-0.5 size-4 shrink-0" aria-hidden />
              <span>{error}</span>
            </div>
          ) : null}
          <Button type="submit" size="lg" className="mt-1 w-full" loading={pending} data-testid="sign-in">
            Sign in
            {pending ? null : <ArrowRight aria-hidden />}
          </Button>
        </form>
      </Card>

      <div className="rounded-xl border border-dashed border-border bg-background/60 p-4 backdrop-blur-sm" data-testid="demo-accounts">
        <div className="mb-2 flex items-center justify-between gap-2 px-2 text-xs text-muted-foreground">
          <span className="flex items-center gap-1.5 font-medium">
            <KeyRound className="size-3.5" aria-hidden />
            Demo accounts
          </span>
          <span>Click to fill in</span>
        </div>
        <ul className="grid gap-1">
          {DEMO_ACCOUNTS.map((a) => (
            <li key={a.email}>
              <button
                type="button"
                onClick={() => fill(a)}
                className="group flex w-full items-center justify-between gap-3 rounded-md px-2 py-1.5 text-left transition-colors hover:bg-accent"
              >
                <span className="min-w-0">
                  <span className="block truncate font-mono text-xs text-foreground">{a.email}</span>
                  <span className="block text-xs text-muted-foreground">
                    Password <span className="font-mono">{a.password}</span>
                  </span>
                </span>
                <span className="flex shrink-0 items-center gap-2">
                  <Badge variant={a.role === "Admin" ? "default" : "neutral"}>{a.role}</Badge>
                  <span className="w-6 text-xs font-medium text-primary opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100">
                    Use
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
