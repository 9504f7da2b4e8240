import { NextResponse, type NextRequest } from 'next/server';

// Not a security boundary (stack-notes.md): every route handler checks
// authorization itself. The proxy only tells the console layout which page was
// asked for, so signing in returns people to a deep link (e.g. from Perspective).
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-pathname', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon.ico).*)'],
};
