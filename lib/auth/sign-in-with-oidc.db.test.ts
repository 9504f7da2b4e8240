import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { setupPlant } from '@/lib/testing/fixtures';
import { signInWithOidc } from '@/lib/auth/sign-in-with-oidc';
import type { OidcConfig } from '@/lib/auth/oidc-provider';

// The IdP itself cannot be reached here: these are the claims its ID token would carry.
const CONFIG: OidcConfig = {
  issuer: 'https://idp.example/realms/plant',
  clientId: 'interlock',
  clientSecret: 'secret',
  name: 'Plant IdP',
  roleClaim: 'realm_access.roles',
  roleMapping: { 'plant-supervisors': 'SUPERVISOR', 'plant-viewers': 'VIEWER' },
  siteIds: ['1710'],
};

describe('signInWithOidc', () => {
  beforeEach(setupPlant);

  it('provisions a user from the ID token, role from the configured (nested) claim, and audits it', async () => {
    const result = await signInWithOidc(CONFIG, { sub: 'kc-123', email: 'Pat@Plant.example', email_verified: true, name: 'Pat', realm_access: { roles: ['plant-viewers', 'offline_access'] } });
    expect(result).toMatchObject({ ok: true, provisioned: true, user: { email: 'pat@plant.example', name: 'Pat', role: 'VIEWER' } });
    expect(await db.externalIdentity.findFirstOrThrow({ where: { source: 'oidc' } })).toMatchObject({ subject: 'kc-123', managed: true });
    expect(await db.auditEvent.count({ where: { action: 'user.signed_in' } })).toBe(1);
  });

  it('links an existing user only when their role matches, and never through an unverified email', async () => {
    expect(await signInWithOidc(CONFIG, { sub: 'kc-9', email: 'supervisor@interlock.local', email_verified: false, realm_access: { roles: ['plant-supervisors'] } })).toEqual({
      ok: false,
      reason: 'unverified_email',
    });
    expect(await signInWithOidc(CONFIG, { sub: 'kc-9', email: 'admin@interlock.local', realm_access: { roles: ['plant-supervisors'] } })).toEqual({ ok: false, reason: 'role_mismatch' });
    const ok = await signInWithOidc(CONFIG, { sub: 'kc-9', email: 'supervisor@interlock.local', realm_access: { roles: ['plant-supervisors'] } });
    expect(ok).toMatchObject({ ok: true, provisioned: false, user: { role: 'SUPERVISOR' } });
    expect(await db.externalIdentity.count()).toBe(1);
  });

  it('refuses tokens without subject or email, and users with no mapped role', async () => {
    expect(await signInWithOidc(CONFIG, { email: 'a@b.example' })).toEqual({ ok: false, reason: 'claims' });
    expect(await signInWithOidc(CONFIG, { sub: 'x', email: 'new@plant.example', realm_access: { roles: ['other'] } })).toEqual({ ok: false, reason: 'no_role' });
    expect(await db.user.count({ where: { email: 'new@plant.example' } })).toBe(0);
  });
});
