import { beforeEach, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { getUserPrincipal } from '@/lib/auth/session';
import { setupPlant } from '@/lib/testing/fixtures';
import { createGatewaySecret } from '@/prisma/seed-factories';
import { signInWithLaunchToken } from '@/lib/ignition/http/sign-in-with-launch-token';
import { resolveLaunchTarget } from '@/lib/ignition/http/resolve-launch-target';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

const MASTER = 'db-test-master-secret-0123456789abcdef0123456789';
process.env.NEXTAUTH_SECRET = MASTER;
resetEnvCache();

let launchSecret: string;
let jtiCounter = 0;

async function token(over: { sub?: string; email?: string; roles?: string[]; iss?: string; aud?: string; ageS?: number; secret?: string; order?: string; line?: string; jti?: string } = {}) {
  const now = Math.floor(Date.now() / 1000) - (over.ageS ?? 0);
  return new SignJWT({ email: over.email ?? 'supervisor@interlock.local', roles: over.roles ?? ['Supervisor'], site: '1710', ...(over.line ? { line: over.line } : {}), ...(over.order ? { order: over.order } : {}) })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(over.iss ?? 'ign-gw-01')
    .setAudience(over.aud ?? 'interlock')
    .setSubject(over.sub ?? 'sam.perspective')
    .setIssuedAt(now)
    .setExpirationTime(now + 30)
    .setJti(over.jti ?? `jti-${Date.now()}-${++jtiCounter}`)
    .sign(new TextEncoder().encode(over.secret ?? launchSecret));
}

async function counts() {
  const [users, identities, tokens, audit, scopes] = await Promise.all([
    db.user.count(),
    db.externalIdentity.count(),
    db.usedLaunchToken.count(),
    db.auditEvent.count(),
    db.userScope.count(),
  ]);
  return { users, identities, tokens, audit, scopes };
}

describe('signInWithLaunchToken', () => {
  beforeEach(async () => {
    await setupPlant();
    ({ launchSecret } = await createGatewaySecret(db, { gatewayId: 'ign-gw-01', siteIds: ['1710'], masterSecret: MASTER }));
  });

  it('signs in an existing user whose Ignition roles map to their Interlock role, links the identity and audits it', async () => {
    const result = await signInWithLaunchToken(await token());
    expect(result).toMatchObject({ ok: true, provisioned: false, user: { email: 'supervisor@interlock.local', role: 'SUPERVISOR' }, target: { site: '1710' } });
    const identity = await db.externalIdentity.findFirstOrThrow();
    expect(identity).toMatchObject({ source: 'gateway:ign-gw-01', subject: 'sam.perspective', managed: false });
    const audit = await db.auditEvent.findMany({ where: { action: 'user.signed_in' } });
    expect(audit).toHaveLength(1);
    expect(audit[0].data).toMatchObject({ via: 'launch_token', gateway: 'ign-gw-01', externalRoles: ['Supervisor'], role: 'SUPERVISOR' });
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('refuses a replayed token and creates nothing more', async () => {
    const t = await token();
    expect((await signInWithLaunchToken(t)).ok).toBe(true);
    const before = await counts();
    expect(await signInWithLaunchToken(t)).toEqual({ ok: false, reason: 'replayed' });
    expect(await counts()).toEqual(before);
  });

  it('lets exactly one of several concurrent uses of a token through', async () => {
    const t = await token();
    const results = await Promise.all([1, 2, 3, 4].map(() => signInWithLaunchToken(t)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'replayed')).toHaveLength(3);
    expect(await db.auditEvent.count({ where: { action: 'user.signed_in' } })).toBe(1);
  });

  it('refuses expired, wrong-audience, wrong-issuer and badly signed tokens, creating nothing', async () => {
    const before = await counts();
    const cases: [Promise<string>, string][] = [
      [token({ ageS: 120 }), 'expired'],
      [token({ aud: 'another-app' }), 'wrong_audience'],
      [token({ iss: 'ign-gw-99' }), 'wrong_issuer'],
      [token({ secret: 'not-the-launch-secret-0123456789abcdef01234' }), 'bad_signature'],
    ];
    for (const [t, reason] of cases) expect(await signInWithLaunchToken(await t)).toEqual({ ok: false, reason });
    expect(await counts()).toEqual(before);
  });

  it('provisions a new Perspective user, scoped to the gateway sites, with the mapped role', async () => {
    const result = await signInWithLaunchToken(await token({ sub: 'jdoe', email: 'JDoe@Plant.example', roles: ['Operator', 'Supervisor', 'Guest'] }));
    expect(result).toMatchObject({ ok: true, provisioned: true, user: { email: 'jdoe@plant.example', role: 'SUPERVISOR' } });
    const user = await db.user.findUniqueOrThrow({ where: { email: 'jdoe@plant.example' }, include: { scopes: true } });
    expect(user.scopes.map((s) => [s.siteId, s.lineId])).toEqual([['1710', null]]);
    expect(user.passwordHash.startsWith('scrypt$')).toBe(false);
    expect(await db.externalIdentity.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({ managed: true, subject: 'jdoe' });
    expect(await db.auditEvent.count({ where: { action: 'user.created', entityId: user.id } })).toBe(1);
  });

  it('keeps a provisioned user in step with their Ignition roles', async () => {
    await signInWithLaunchToken(await token({ sub: 'jdoe', email: 'jdoe@plant.example', roles: ['Supervisor'] }));
    const result = await signInWithLaunchToken(await token({ sub: 'jdoe', email: 'jdoe@plant.example', roles: ['Operator'] }));
    expect(result).toMatchObject({ ok: true, provisioned: false, user: { role: 'VIEWER' } });
    expect((await db.user.findUniqueOrThrow({ where: { email: 'jdoe@plant.example' } })).role).toBe('VIEWER');
    expect(await db.auditEvent.count({ where: { action: 'user.role_synced' } })).toBe(1);
  });

  it('never changes the role of a user an admin manages: roles that do not match are refused', async () => {
    const before = await counts();
    // The admin is not made a supervisor, nor signed in as one.
    expect(await signInWithLaunchToken(await token({ email: 'admin@interlock.local', roles: ['Supervisor'] }))).toEqual({ ok: false, reason: 'role_mismatch' });
    expect(await signInWithLaunchToken(await token({ sub: 'x', email: 'new@plant.example', roles: ['Guest'] }))).toEqual({ ok: false, reason: 'no_role' });
    expect(await counts()).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { email: 'admin@interlock.local' } })).role).toBe('ADMIN');
  });

  it('refuses a deactivated user', async () => {
    await db.user.update({ where: { email: 'supervisor@interlock.local' }, data: { active: false } });
    expect(await signInWithLaunchToken(await token())).toEqual({ ok: false, reason: 'inactive' });
  });

  it("refuses a local user outside the gateway's sites", async () => {
    await db.userScope.deleteMany({ where: { user: { email: 'supervisor@interlock.local' } } });
    await db.userScope.create({ data: { user: { connect: { email: 'supervisor@interlock.local' } }, siteId: '2000' } });
    expect(await signInWithLaunchToken(await token())).toEqual({ ok: false, reason: 'out_of_scope' });
  });
});

describe('resolveLaunchTarget', () => {
  beforeEach(setupPlant);

  async function recommendationFor(erpOrderId: string, status: 'PENDING' | 'REJECTED', siteId = '1710') {
    const material = await db.material.findFirstOrThrow({ where: { siteId: '1710', code: 'VALVE-ASSY-55' } });
    const order = await db.productionOrder.create({ data: { siteId, erpOrderId, materialId: material.id, quantity: 10, uom: 'EA', dueDate: new Date() } });
    return db.recommendation.create({
      data: {
        type: 'ORDER_RELEASE', siteId, orderId: order.id, status, verdict: 'FEASIBLE', recommendedAction: 'RELEASE_ORDER', score: 0.9, confidence: 0.9,
        findings: [], evidence: {}, proposedAction: {}, modelVersion: 'test', source: 'GATEWAY', summary: 's', impactAt: new Date(), expiresAt: new Date(Date.now() + 3600_000),
      },
    });
  }

  it("opens the order's open recommendation, else the line's inbox, else the inbox", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: 'supervisor@interlock.local' } });
    const principal = (await getUserPrincipal(user.id))!;
    await recommendationFor('4711', 'REJECTED');
    const open = await recommendationFor('4712', 'PENDING');
    expect(await resolveLaunchTarget(principal, { order: '4712' })).toBe(`/recommendations/${open.id}`);
    expect(await resolveLaunchTarget(principal, { order: '9999', line: 'L1' })).toBe('/inbox?line=L1');
    expect(await resolveLaunchTarget(principal, {})).toBe('/inbox');
  });

  it('does not reveal recommendations outside the user scope', async () => {
    await db.site.create({ data: { id: '2000', name: 'Other plant' } });
    await recommendationFor('5000', 'PENDING', '2000');
    const user = await db.user.findUniqueOrThrow({ where: { email: 'supervisor@interlock.local' } });
    expect(await resolveLaunchTarget((await getUserPrincipal(user.id))!, { order: '5000' })).toBe('/inbox');
  });
});
