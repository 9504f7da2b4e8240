// An OpenID Connect identity provider for plants whose Ignition signs people in
// through one (Ignition's IdP support: OIDC/SAML). Built from the environment
// when OIDC_ISSUER is set; roles come from a claim through a configured map.
// Pure: unit-tested here; a real IdP cannot be reached from our test machines.
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { Env } from '@/lib/env';
import type { RoleMapping } from '@/lib/auth/map-external-roles';

export const OIDC_PROVIDER_ID = 'oidc';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  roleClaim: string;
  roleMapping: RoleMapping;
  siteIds: string[];
}

/** The claims Interlock reads from the ID token. */
export interface OidcProfile extends Record<string, unknown> {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

type OidcEnv = Pick<Env, 'OIDC_ISSUER' | 'OIDC_CLIENT_ID' | 'OIDC_CLIENT_SECRET' | 'OIDC_NAME' | 'OIDC_ROLE_CLAIM' | 'OIDC_ROLE_MAPPING' | 'OIDC_SITES'>;

/** The provider's settings, or null when none is configured. Half a configuration is an error, not a silent "off". */
export function oidcConfigFromEnv(env: OidcEnv): OidcConfig | null {
  const set = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (set === 0) return null;
  if (set < 3 || !env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) {
    throw new Error('Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together (or none of them).');
  }
  if (Object.keys(env.OIDC_ROLE_MAPPING).length === 0) {
    throw new Error('Invalid configuration:\n  OIDC_ROLE_MAPPING must map at least one IdP role to an Interlock role, e.g. {"plant-supervisors":"SUPERVISOR"}.');
  }
  return {
    issuer: env.OIDC_ISSUER.replace(/\/+$/, ''),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    name: env.OIDC_NAME,
    roleClaim: env.OIDC_ROLE_CLAIM,
    roleMapping: env.OIDC_ROLE_MAPPING,
    siteIds: env.OIDC_SITES,
  };
}

export function buildOidcProvider(config: OidcConfig): OAuthConfig<OidcProfile> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.name,
    type: 'oauth',
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    // Read the claims (roles included) from the signed ID token, not a second userinfo call.
    idToken: true,
    checks: ['pkce', 'state'],
    profile(profile) {
      return { id: profile.sub, name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub, email: profile.email ?? null };
    },
  };
}
