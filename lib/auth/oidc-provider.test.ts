import { describe, expect, it } from 'vitest';
import { buildOidcProvider, oidcConfigFromEnv, OIDC_PROVIDER_ID } from '@/lib/auth/oidc-provider';

const BASE = { OIDC_NAME: 'Plant IdP', OIDC_ROLE_CLAIM: 'roles', OIDC_ROLE_MAPPING: { 'plant-supervisors': 'SUPERVISOR' as const }, OIDC_SITES: ['1710'] };

describe('oidcConfigFromEnv', () => {
  it('is off when nothing is set', () => {
    expect(oidcConfigFromEnv({ ...BASE, OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined })).toBeNull();
  });

  it('refuses half a configuration instead of silently turning it off', () => {
    expect(() => oidcConfigFromEnv({ ...BASE, OIDC_ISSUER: 'https://idp.example/realms/plant', OIDC_CLIENT_ID: 'interlock', OIDC_CLIENT_SECRET: undefined })).toThrow(
      /must be set together/,
    );
  });

  it('refuses a configuration that maps no role (nobody could sign in)', () => {
    expect(() =>
      oidcConfigFromEnv({ ...BASE, OIDC_ROLE_MAPPING: {}, OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }),
    ).toThrow(/OIDC_ROLE_MAPPING/);
  });

  it('builds an OIDC provider from the discovery document, with PKCE and state, reading the ID token', () => {
    const config = oidcConfigFromEnv({ ...BASE, OIDC_ISSUER: 'https://idp.example/realms/plant/', OIDC_CLIENT_ID: 'interlock', OIDC_CLIENT_SECRET: 's3cret' })!;
    expect(config).toMatchObject({ issuer: 'https://idp.example/realms/plant', roleClaim: 'roles', siteIds: ['1710'] });
    const provider = buildOidcProvider(config);
    expect(provider).toMatchObject({
      id: OIDC_PROVIDER_ID,
      type: 'oauth',
      name: 'Plant IdP',
      wellKnown: 'https://idp.example/realms/plant/.well-known/openid-configuration',
      issuer: 'https://idp.example/realms/plant',
      clientId: 'interlock',
      clientSecret: 's3cret',
      idToken: true,
      checks: ['pkce', 'state'],
    });
    expect(provider.authorization).toEqual({ params: { scope: 'openid email profile' } });
  });

  it('maps the profile to a user, falling back from name to user name to email', async () => {
    const provider = buildOidcProvider(oidcConfigFromEnv({ ...BASE, OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })!);
    const tokens = {} as Parameters<typeof provider.profile>[1];
    expect(await provider.profile({ sub: 's1', name: 'Sam', email: 'sam@plant.example' }, tokens)).toEqual({ id: 's1', name: 'Sam', email: 'sam@plant.example' });
    expect(await provider.profile({ sub: 's2', preferred_username: 'jdoe' }, tokens)).toEqual({ id: 's2', name: 'jdoe', email: null });
  });
});
