import { NextResponse, type NextRequest } from 'next/server';
import { createSessionCookie } from '@/lib/auth/create-session-cookie';
import { getUserPrincipal } from '@/lib/auth/session';
import { signInWithLaunchToken } from '@/lib/ignition/http/sign-in-with-launch-token';
import { resolveLaunchTarget } from '@/lib/ignition/http/resolve-launch-target';
import { createLogger } from '@/lib/log';

const log = createLogger('launch');

// The token is in the URL (a Perspective Inline Frame can only be given a URL):
// the answer is never cached, never sent on as a Referer, and moves on at once
// to a URL without it.
const NO_LEAK = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' };

function redirect(location: string): NextResponse {
  // A relative Location: correct behind any proxy, whatever Host it forwards.
  return new NextResponse(null, { status: 303, headers: { ...NO_LEAK, Location: location } });
}

/** GET /launch?token=<launch JWT>: Perspective's single sign-on into the console (docs/ignition/README.md). */
export async function GET(req: NextRequest): Promise<Response> {
  try {
    const result = await signInWithLaunchToken(req.nextUrl.searchParams.get('token'));
    if (!result.ok) return redirect(`/launch/refused?reason=${result.reason}`);
    const principal = await getUserPrincipal(result.user.id);
    const target = principal ? await resolveLaunchTarget(principal, result.target) : '/inbox';
    const cookie = await createSessionCookie(result.user);
    const response = redirect(target);
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  } catch (e) {
    log.error('launch failed', { error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    return redirect('/launch/refused?reason=error');
  }
}
