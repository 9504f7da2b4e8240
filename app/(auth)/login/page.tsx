import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { oidcProviderName } from '@/lib/auth/auth-options';
import { LoginForm } from './_components/login-form';

export const metadata: Metadata = { title: 'Sign in' };

/** Only same-site paths: a callbackUrl is attacker-controllable, so never follow it off-site. */
function safeCallbackUrl(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.startsWith('/login')) return '/inbox';
  return value;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  // Someone already signed in (e.g. the Perspective frame reloaded) goes straight on.
  if (await getCurrentUser()) redirect(callbackUrl);

  return (
    <main className="login">
      <LoginForm callbackUrl={callbackUrl} identityProvider={oidcProviderName} />
    </main>
  );
}
