import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { frameHeaders } from '@/lib/ignition/http/frame-headers';

// Not a security boundary (stack-notes.md): every route handler checks
// authorization itself. The proxy tells the console layout which page was asked
// for, so signing in returns people to a deep link (e.g. from Perspective), and
// sets who may frame the page (FRAME_ANCESTORS, read at run time).
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set('x-pathname', request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(frameHeaders(getEnv().FRAME_ANCESTORS))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon.ico).*)'],
};
