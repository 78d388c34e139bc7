import { NextResponse, type NextRequest } from "next/server";

/**
 * Next.js 16 proxy (formerly middleware): a cheap UX guard, not access control.
 * App pages without a session cookie go to /login (and come back afterwards);
 * real checks happen server-side (the app layout via requireRequestSession, tRPC
 * via createContext, which verify the JWT and re-check membership in the DB).
 * Public surfaces are not matched: /login, /approve/*, /api/* (own auth), assets.
 */
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

function hasSessionCookie(request: NextRequest): boolean {
  return request.cookies
    .getAll()
    .some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!hasSessionCookie(request)) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("callbackUrl", pathname + search);
    return NextResponse.redirect(login);
  }
  const headers = new Headers(request.headers);
  headers.set("x-switchyard-path", pathname + search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|login|approve/|favicon\\.ico|.*\\.[a-zA-Z0-9]+$).*)"],
};
