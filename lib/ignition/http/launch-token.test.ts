import { describe, expect, it } from 'vitest';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { verifyLaunchToken, type LaunchKeys } from '@/lib/ignition/http/launch-token';

const SECRET = 'launch-secret-0123456789abcdef0123456789abcdef';
const AUD = 'interlock';
const NOW = Date.UTC(2026, 10, 25, 8, 0, 0);
const NOW_S = Math.floor(NOW / 1000);
const HS_KEYS: LaunchKeys = { algorithms: ['HS256'], secret: SECRET, publicKeyPem: null };

const claims = { email: 'sam@plant.example', roles: ['Supervisor'], site: '1710', line: 'L1', order: '1000123' };

function hs256(over: { iss?: string; aud?: string; iat?: number; exp?: number; jti?: string; sub?: string; secret?: string; extra?: Record<string, unknown> } = {}) {
  return new SignJWT({ ...claims, ...over.extra })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(over.iss ?? 'ign-gw-01')
    .setAudience(over.aud ?? AUD)
    .setSubject(over.sub ?? 'sam')
    .setIssuedAt(over.iat ?? NOW_S)
    .setExpirationTime(over.exp ?? NOW_S + 30)
    .setJti(over.jti ?? 'jti-0000000001')
    .sign(new TextEncoder().encode(over.secret ?? SECRET));
}

const verify = (token: string, keys: Record<string, LaunchKeys> = { 'ign-gw-01': HS_KEYS }, nowMs = NOW + 2000) =>
  verifyLaunchToken(token, { audience: AUD, nowMs, keysFor: async (id) => keys[id] ?? null });

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('verifyLaunchToken', () => {
  it('accepts a fresh HS256 token from a known gateway and returns its claims', async () => {
    const result = await verify(await hs256());
    expect(result).toEqual({
      ok: true,
      claims: { iss: 'ign-gw-01', sub: 'sam', email: 'sam@plant.example', roles: ['Supervisor'], jti: 'jti-0000000001', iat: NOW_S, exp: NOW_S + 30, site: '1710', line: 'L1', order: '1000123' },
    });
  });

  it('refuses an expired token, and one older than 60 s', async () => {
    expect(await verify(await hs256(), undefined, NOW + 31_000 + 6_000)).toEqual({ ok: false, reason: 'expired' });
    expect(await verify(await hs256({ iat: NOW_S - 70, exp: NOW_S + 30 }))).toEqual({ ok: false, reason: 'lifetime' });
  });

  it('refuses a token that claims to live longer than 60 s', async () => {
    expect(await verify(await hs256({ exp: NOW_S + 3600 }))).toEqual({ ok: false, reason: 'lifetime' });
  });

  it('refuses a token dated in the future (beyond a few seconds of clock skew)', async () => {
    expect(await verify(await hs256({ iat: NOW_S + 60, exp: NOW_S + 90 }))).toEqual({ ok: false, reason: 'not_yet_valid' });
  });

  it('refuses the wrong audience and an unknown issuer', async () => {
    expect(await verify(await hs256({ aud: 'someone-else' }))).toEqual({ ok: false, reason: 'wrong_audience' });
    expect(await verify(await hs256({ iss: 'ign-gw-99' }))).toEqual({ ok: false, reason: 'wrong_issuer' });
  });

  it("refuses a token signed with another key, or claiming another gateway's name", async () => {
    expect(await verify(await hs256({ secret: 'another-secret-0123456789abcdef0123456789ab' }))).toEqual({ ok: false, reason: 'bad_signature' });
    // Gateway 02's key, gateway 01's name: verified with 01's key, so it fails.
    const keys = { 'ign-gw-01': HS_KEYS, 'ign-gw-02': { ...HS_KEYS, secret: 'gateway-two-secret-0123456789abcdef012345' } };
    expect(await verify(await hs256({ iss: 'ign-gw-01', secret: keys['ign-gw-02'].secret }), keys)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses alg "none" and any algorithm off the allow-list or not allowed for the gateway', async () => {
    const payload = { iss: 'ign-gw-01', aud: AUD, sub: 'sam', iat: NOW_S, exp: NOW_S + 30, jti: 'jti-0000000002', ...claims };
    expect(await verify(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`)).toEqual({ ok: false, reason: 'algorithm' });
    expect(await verify(`${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(payload)}.AAAA`)).toEqual({ ok: false, reason: 'algorithm' });
    // An HS256 token for a gateway registered for ES256 only.
    expect(await verify(await hs256(), { 'ign-gw-01': { algorithms: ['ES256'], secret: SECRET, publicKeyPem: null } })).toEqual({ ok: false, reason: 'algorithm' });
  });

  it('accepts RS256 and ES256 tokens signed with the private half of a registered public key', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const keys = { 'ign-gw-01': { algorithms: [alg], secret: null, publicKeyPem: await exportSPKI(publicKey) } };
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg })
        .setIssuer('ign-gw-01')
        .setAudience(AUD)
        .setSubject('sam')
        .setIssuedAt(NOW_S)
        .setExpirationTime(NOW_S + 30)
        .setJti('jti-asym-000001')
        .sign(privateKey);
      expect((await verify(token, keys)).ok, alg).toBe(true);
    }
  });

  it('does not let an HS256 token use a registered public key as its HMAC secret (algorithm confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const forged = await hs256({ secret: pem });
    expect(await verify(forged, { 'ign-gw-01': { algorithms: ['RS256'], secret: null, publicKeyPem: pem } })).toEqual({ ok: false, reason: 'algorithm' });
    expect(await verify(forged, { 'ign-gw-01': { algorithms: ['HS256', 'RS256'], secret: SECRET, publicKeyPem: pem } })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses tokens without the claims a sign-in needs', async () => {
    expect(await verify(await hs256({ extra: { email: 'not-an-email' } }))).toEqual({ ok: false, reason: 'claims' });
    expect(await verify(await hs256({ extra: { roles: 'Supervisor' } }))).toEqual({ ok: false, reason: 'claims' });
    expect(await verify(await hs256({ jti: 'short' }))).toEqual({ ok: false, reason: 'claims' });
  });

  it('refuses garbage and an empty token', async () => {
    expect(await verify('not.a.jwt')).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyLaunchToken(null, { audience: AUD, keysFor: async () => HS_KEYS })).toEqual({ ok: false, reason: 'missing' });
  });
});
