import 'server-only';
import { db } from '@/lib/db';
import type { OidcConfig } from '@/lib/auth/oidc-provider';
import { readRoleClaim } from '@/lib/auth/map-external-roles';
import { signInExternalUser, type ExternalSignInRefusal, type ExternalSignInResult } from '@/lib/auth/sign-in-external-user';

export type OidcSignIn = Extract<ExternalSignInResult, { ok: true }> | { ok: false; reason: ExternalSignInRefusal | 'claims' | 'unverified_email' };

class Refused extends Error {
  constructor(readonly reason: ExternalSignInRefusal) {
    super(reason);
  }
}

/** The Interlock user behind an IdP sign-in (next-auth's signIn callback calls this), found or provisioned and audited. */
export async function signInWithOidc(config: OidcConfig, claims: Record<string, unknown>): Promise<OidcSignIn> {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const email = typeof claims.email === 'string' ? claims.email : '';
  if (!sub || !email.includes('@')) return { ok: false, reason: 'claims' };
  // An unverified email must not link to an existing Interlock account.
  if (claims.email_verified === false) return { ok: false, reason: 'unverified_email' };
  const name = typeof claims.name === 'string' ? claims.name : typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined;
  try {
    return await db.$transaction(async (tx) => {
      const result = await signInExternalUser(tx, {
        source: 'oidc',
        subject: sub,
        email,
        name,
        externalRoles: readRoleClaim(claims, config.roleClaim),
        roleMapping: config.roleMapping,
        siteIds: config.siteIds,
        via: 'oidc',
        audit: { issuer: config.issuer },
      });
      if (!result.ok) throw new Refused(result.reason);
      return result;
    });
  } catch (e) {
    if (e instanceof Refused) return { ok: false, reason: e.reason };
    throw e;
  }
}
