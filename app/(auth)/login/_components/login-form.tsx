'use client';

import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';

export function LoginForm({ callbackUrl, identityProvider }: { callbackUrl: string; identityProvider: string | null }) {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await signIn('credentials', { email: email.trim(), password, redirect: false });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl || '/inbox');
        // Keep the busy state: the page is about to change.
        return;
      }
      // next-auth answers a bad password and an unknown email alike, and so do we.
      setError('Wrong email or password');
      setPassword('');
    } catch {
      setError('Cannot reach the server. Check the connection and try again.');
    }
    setBusy(false);
  }

  return (
    // method="post": a submit before hydration must never put the password in the URL.
    <form className="login__card" method="post" onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
      <div className="login__brand">
        <span className="topbar__mark" aria-hidden="true" />
        Interlock
      </div>
      <h1 className="small muted">Sign in to the approval console</h1>

      <label className="field">
        <span className="field__label">Email</span>
        <input
          className="input"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </label>

      <label className="field">
        <span className="field__label">Password</span>
        <input
          className="input"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
      </label>

      {error ? (
        <p id={errorId} className="field__error" role="alert" data-testid="login-error">
          {error}
        </p>
      ) : null}

      <Button type="submit" variant="primary" busy={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>

      {identityProvider ? (
        // The plant's identity provider (OIDC), when configured: it redirects away and back.
        <Button onClick={() => void signIn('oidc', { callbackUrl })} disabled={busy} data-testid="login-oidc">
          Sign in with {identityProvider}
        </Button>
      ) : null}

      <p className="login__demo">
        Demo: supervisor@interlock.local / accountant@interlock.local / admin@interlock.local / viewer@interlock.local — password{' '}
        <code>interlock</code>
      </p>
    </form>
  );
}
