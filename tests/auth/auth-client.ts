import { NextRequest } from "next/server";
import { resetEnvForTests } from "@/server/env";

/** Points the app's env at a test database before server/auth reads it. */
export function useTestEnv(databaseUrl: string): void {
  process.env.DATABASE_URL = databaseUrl;
  process.env.APP_SECRET = "test-secret-test-secret-test-secret-0123456789";
  resetEnvForTests();
}

const ORIGIN = "http://localhost:3000";

type Handler = (req: NextRequest) => Promise<Response>;

/** Drives the real next-auth route handlers like a browser would (cookie jar + CSRF token). */
export class AuthClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly handlers: { GET: Handler; POST: Handler }) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Request headers a tRPC/RSC call from this browser would carry. */
  requestHeaders(): Headers {
    return new Headers({ cookie: this.cookieHeader(), host: "localhost:3000" });
  }

  hasSessionCookie(): boolean {
    return [...this.cookies.keys()].some((k) => k.startsWith("authjs.session-token"));
  }

  private absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=.*1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(path: string, init: { method?: "GET" | "POST"; body?: BodyInit; contentType?: string } = {}): Promise<Response> {
    const method = init.method ?? "GET";
    const headers = new Headers({ cookie: this.cookieHeader(), host: "localhost:3000" });
    if (init.contentType) headers.set("content-type", init.contentType);
    const req = new NextRequest(new URL(path, ORIGIN), { method, headers, body: init.body });
    const res = await (method === "GET" ? this.handlers.GET : this.handlers.POST)(req);
    this.absorb(res);
    return res;
  }

  async csrfToken(): Promise<string> {
    const res = await this.request("/api/auth/csrf");
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /** Posts the credentials form; returns the redirect target. */
  async signIn(email: string, password: string): Promise<URL> {
    const csrfToken = await this.csrfToken();
    const res = await this.request("/api/auth/callback/credentials", {
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${ORIGIN}/automations` }).toString(),
    });
    const location = res.headers.get("location");
    if (!location) throw new Error(`sign-in answered ${res.status} without a redirect`);
    return new URL(location, ORIGIN);
  }

  async session(): Promise<SessionJson | null> {
    const res = await this.request("/api/auth/session");
    return (await res.json()) as SessionJson | null;
  }

  /** What the client's `useSession().update(data)` sends. */
  async update(data: unknown): Promise<SessionJson | null> {
    const csrfToken = await this.csrfToken();
    const res = await this.request("/api/auth/session", {
      method: "POST",
      contentType: "application/json",
      body: JSON.stringify({ csrfToken, data }),
    });
    return (await res.json()) as SessionJson | null;
  }

  async signOut(): Promise<void> {
    const csrfToken = await this.csrfToken();
    await this.request("/api/auth/signout", {
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ csrfToken, callbackUrl: `${ORIGIN}/login` }).toString(),
    });
  }
}

export interface SessionJson {
  user: { id: string; email: string; name: string; workspaceId: string; role: string };
  expires: string;
}
