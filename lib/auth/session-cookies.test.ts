import { describe, expect, it } from 'vitest';
import { canUseSecureCookies, sessionCookieConfig } from '@/lib/auth/session-cookies';

describe('sessionCookieConfig', () => {
  it('uses partitioned, SameSite=None, Secure cookies on https and on loopback http', () => {
    for (const url of ['https://interlock.plant.example', 'http://localhost:3100', 'http://127.0.0.1:3000']) {
      const c = sessionCookieConfig(url);
      expect(c.useSecureCookies).toBe(true);
      for (const key of ['sessionToken', 'callbackUrl', 'csrfToken'] as const) {
        expect(c.cookies[key].options).toMatchObject({ httpOnly: true, sameSite: 'none', secure: true, partitioned: true, path: '/' });
      }
      expect(c.cookies.sessionToken.name).toBe('__Secure-next-auth.session-token');
      expect(c.cookies.callbackUrl.name).toBe('__Secure-next-auth.callback-url');
      expect(c.cookies.csrfToken.name).toBe('__Host-next-auth.csrf-token');
      expect(c.sessionToken).toBe(c.cookies.sessionToken);
    }
  });

  it('falls back to Lax cookies on plain http to another host, where Secure cookies would be dropped', () => {
    expect(canUseSecureCookies('http://10.0.0.5:3000')).toBe(false);
    const c = sessionCookieConfig('http://interlock.plant.local:3000');
    expect(c.useSecureCookies).toBe(false);
    expect(c.cookies.sessionToken).toEqual({ name: 'next-auth.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false } });
    expect(c.cookies.csrfToken.name).toBe('next-auth.csrf-token');
  });
});
