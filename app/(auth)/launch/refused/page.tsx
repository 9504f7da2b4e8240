import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { LAUNCH_FAILURE_MESSAGE, type LaunchFailure } from '@/lib/ignition/http/launch-token';

export const metadata: Metadata = { title: 'Sign-in refused' };

function messageFor(reason: string | undefined): string {
  if (reason && Object.hasOwn(LAUNCH_FAILURE_MESSAGE, reason)) return LAUNCH_FAILURE_MESSAGE[reason as LaunchFailure];
  return 'Interlock could not sign you in from Ignition. Try again; if it keeps happening, tell your admin.';
}

/** Where a refused launch token (or identity-provider sign-in) lands: what went wrong, in plain words, and no session. */
export default async function LaunchRefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).reason;
  const reason = Array.isArray(raw) ? raw[0] : raw;
  return (
    <main className="login">
      <div className="login__card" data-testid="launch-refused" data-reason={reason ?? ''}>
        <div className="login__brand">
          <span className="topbar__mark" aria-hidden="true" />
          Interlock
        </div>
        <h1>Sign-in refused</h1>
        <Alert tone="error">{messageFor(reason)}</Alert>
        <p className="small muted">
          You can also <Link href="/login">sign in with your Interlock email and password</Link>.
        </p>
      </div>
    </main>
  );
}
