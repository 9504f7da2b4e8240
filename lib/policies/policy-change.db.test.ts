import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getUserPrincipal } from '@/lib/auth/session';
import type { Principal } from '@/lib/auth/principal';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { approvePolicyChange } from '@/lib/policies/approve-policy-change';
import { cancelPolicyChange } from '@/lib/policies/cancel-policy-change';
import { findPolicyChanges } from '@/lib/policies/find-policy-changes';
import { getPolicy } from '@/lib/policies/get-policy';
import { rejectPolicyChange } from '@/lib/policies/reject-policy-change';
import { requestPolicyChange } from '@/lib/policies/request-policy-change';
import type { PolicyChangeRequestBody } from '@/lib/policies/policy-change.schema';
import { principalFor, setupPlant, TEST_PASSWORD } from '@/lib/testing/fixtures';

const errorCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;
const withField = (code: string, field: string) => (e: unknown) => errorCode(code)(e) && (e as AppError).fieldErrors?.[field] !== undefined;

type User = Extract<Principal, { kind: 'user' }>;
let admin: User;
let admin2: User;

/** The demo seed's ORDER_RELEASE policy at 1710 is SUPERVISED, 90 % / 60 %, version 1. */
const toAuto = (over: Partial<PolicyChangeRequestBody> = {}): PolicyChangeRequestBody => ({
  type: 'ORDER_RELEASE',
  siteId: '1710',
  mode: 'AUTO',
  autoThreshold: 0.95,
  atRiskThreshold: 0.6,
  version: 1,
  reason: 'the parallel run agreed with supervisors for a month',
  ...over,
});

const policyRow = () => db.policy.findUniqueOrThrow({ where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } } });
/** What any change would move: the policy, the requests, the audit trail. */
const state = async () => {
  const p = await policyRow();
  const changes = await db.policyChange.findMany({ orderBy: { requestedAt: 'asc' }, select: { status: true, version: true } });
  return { policy: [p.mode, p.autoThreshold, p.atRiskThreshold, p.version, p.updatedById], changes, audit: await db.auditEvent.count() };
};

async function anotherAdmin(email: string, name: string): Promise<User> {
  const passwordHash = (await db.user.findUniqueOrThrow({ where: { id: admin.id } })).passwordHash;
  const user = await db.user.create({ data: { email, name, role: 'ADMIN', passwordHash } });
  await db.userScope.create({ data: { userId: user.id, siteId: '1710' } });
  return (await getUserPrincipal(user.id))!;
}

/** record-audit-event.ts's chain lock: every audited transaction takes it just before it commits. */
const AUDIT_CHAIN_LOCK = 4_242_001;

/**
 * Runs the calls while this test holds the audit chain lock, and lets them go
 * only once each waits on a lock: each has then done its checks and its writes
 * up to the audit event, so the two truly overlap instead of racing by luck.
 */
async function whileAuditChainIsHeld<T>(start: () => Promise<T>[]): Promise<PromiseSettledResult<T>[]> {
  let calls: Promise<T>[] = [];
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;
      calls = start();
      const until = Date.now() + 20_000;
      for (;;) {
        const [{ n }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM pg_locks
          WHERE NOT granted AND pid IN (SELECT pid FROM pg_stat_activity WHERE datname = current_database())`;
        if (Number(n) >= calls.length) break;
        if (Date.now() > until) throw new Error(`only ${n} of ${calls.length} calls reached a lock`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    { timeout: 30_000 },
  );
  return Promise.allSettled(calls);
}

beforeEach(async () => {
  await setupPlant();
  admin = await principalFor('ADMIN');
  admin2 = (await getUserPrincipal((await db.user.findUniqueOrThrow({ where: { email: 'admin2@interlock.local' } })).id))!;
});

describe('requesting a policy change', () => {
  it('records a pending request with the values it replaces and the gate, and changes nothing in force', async () => {
    const before = await state();
    const change = await requestPolicyChange(admin, toAuto({ reason: '  agreed for a month  ' }));
    expect(change).toMatchObject({
      type: 'ORDER_RELEASE',
      siteId: '1710',
      status: 'PENDING',
      basedOnVersion: 1,
      from: { mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6 },
      to: { mode: 'AUTO', autoThreshold: 0.95, atRiskThreshold: 0.6 },
      reason: 'agreed for a month',
      requestedBy: { id: admin.id, name: admin.name },
      decidedBy: null,
      version: 1,
    });
    // No decisions in the test plant: the gate was evaluated, and not met.
    expect(change.gate).toMatchObject({ decisionType: 'ORDER_RELEASE', siteId: '1710', mode: 'SUPERVISED', nextRung: 'AUTO', gateApplies: true, evaluation: { met: false } });
    expect(change.gate?.evaluation.conditions.find((c) => c.key === 'decisions')?.actual).toBe(0);

    expect((await state()).policy).toEqual(before.policy);
    expect(await getPolicy('ORDER_RELEASE', '1710')).toMatchObject({ mode: 'SUPERVISED', version: 1 });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'policy.change_requested' } });
    expect(event).toMatchObject({ actorId: admin.id, entityType: 'PolicyChange', entityId: change.id, siteId: '1710' });
    expect(event.data).toMatchObject({ type: 'ORDER_RELEASE', from: { mode: 'SUPERVISED' }, to: { mode: 'AUTO' }, basedOnVersion: 1, gate: { met: false, raisesOntoGatedRung: true } });
    // Everyone who reads policies sees the request.
    expect((await findPolicyChanges(await principalFor('VIEWER'))).map((c) => c.id)).toEqual([change.id]);
  });

  it('allows one pending request per type/site, needs a reason and a real change, takes only admins of the site; refusals change nothing', async () => {
    const first = await requestPolicyChange(admin, toAuto());
    const before = await state();
    await expect(requestPolicyChange(admin2, toAuto({ autoThreshold: 0.97 }))).rejects.toSatisfy(
      (e: unknown) => errorCode('CONFLICT')(e) && (e as AppError).details?.changeId === first.id,
    );
    await cancelPolicyChange(admin, first.id, { version: 1 });
    const afterCancel = await state();

    await expect(requestPolicyChange(admin2, toAuto({ reason: '   ' }))).rejects.toSatisfy(withField('BAD_REQUEST', 'reason'));
    // The policy's own values: nothing to change.
    await expect(requestPolicyChange(admin2, toAuto({ mode: 'SUPERVISED', autoThreshold: 0.9 }))).rejects.toSatisfy(withField('BAD_REQUEST', '_'));
    await expect(requestPolicyChange(admin2, toAuto({ autoThreshold: 0.4 }))).rejects.toSatisfy(withField('BAD_REQUEST', 'autoThreshold'));
    await expect(requestPolicyChange(admin2, toAuto({ atRiskThreshold: 0.99 }))).rejects.toSatisfy(withField('BAD_REQUEST', 'atRiskThreshold'));
    await expect(requestPolicyChange(admin2, toAuto({ type: 'NOPE' }))).rejects.toSatisfy(withField('BAD_REQUEST', 'type'));
    // Someone changed the policy since this admin loaded it.
    await expect(requestPolicyChange(admin2, toAuto({ version: 0 }))).rejects.toSatisfy(errorCode('CONFLICT'));
    await expect(requestPolicyChange(admin2, toAuto({ siteId: '9999' }))).rejects.toSatisfy(errorCode('NOT_FOUND'));
    for (const role of ['SUPERVISOR', 'VIEWER', 'ACCOUNTANT'] as const) {
      await expect(requestPolicyChange(await principalFor(role), toAuto())).rejects.toSatisfy(errorCode('FORBIDDEN'));
    }
    expect(await state()).toEqual(afterCancel);
    expect(afterCancel.audit).toBe(before.audit + 1);
  });

  it('lets one of two racing requests for the same policy become the pending one', async () => {
    const results = await whileAuditChainIsHeld(() => [requestPolicyChange(admin, toAuto()), requestPolicyChange(admin2, toAuto({ mode: 'SHADOW' }))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(errorCode('CONFLICT')(results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason)).toBe(true);
    expect(await db.policyChange.count({ where: { status: 'PENDING' } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'policy.change_requested' } })).toBe(1);
  });
});

describe('approving a policy change', () => {
  it('needs a second admin who signs: the requester, other roles, a wrong password and another site are refused and nothing changes', async () => {
    const change = await requestPolicyChange(admin, toAuto());
    const before = await state();
    await expect(approvePolicyChange(admin, change.id, { version: 1, password: TEST_PASSWORD })).rejects.toSatisfy(
      (e: unknown) => errorCode('FORBIDDEN')(e) && /a different admin must approve it/.test((e as Error).message),
    );
    for (const role of ['SUPERVISOR', 'VIEWER', 'ACCOUNTANT'] as const) {
      await expect(approvePolicyChange(await principalFor(role), change.id, { version: 1, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    }
    await expect(approvePolicyChange(admin2, change.id, { version: 1, password: 'wrong' })).rejects.toSatisfy(withField('BAD_REQUEST', 'password'));
    // An admin of another site does not see the request at all.
    const elsewhere: User = { ...admin2, scopes: [{ siteId: '9999', lineId: null }] };
    await expect(approvePolicyChange(elsewhere, change.id, { version: 1, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    await expect(approvePolicyChange(admin2, 'no-such-change', { version: 1, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    expect(await state()).toEqual(before);
  });

  it('applies the requested values as a new policy version by the approver, audited with both people', async () => {
    const change = await requestPolicyChange(admin, toAuto());
    const approved = await approvePolicyChange(admin2, change.id, { version: 1, password: TEST_PASSWORD, comment: 'checked the scorecard' });
    expect(approved).toMatchObject({ status: 'APPROVED', decidedBy: { id: admin2.id, name: 'Blake Admin' }, decisionComment: 'checked the scorecard', version: 2 });
    expect(await policyRow()).toMatchObject({ mode: 'AUTO', autoThreshold: 0.95, atRiskThreshold: 0.6, version: 2, updatedById: admin2.id });

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: 'policy.changed' } });
    expect(event).toMatchObject({ actorId: admin2.id, entityType: 'Policy', entityId: (await policyRow()).id, siteId: '1710' });
    expect(event.data).toMatchObject({
      changeId: change.id,
      type: 'ORDER_RELEASE',
      before: { mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6, version: 1 },
      after: { mode: 'AUTO', autoThreshold: 0.95, atRiskThreshold: 0.6, version: 2 },
      reason: change.reason,
      requestedBy: { id: admin.id, name: admin.name },
      approvedBy: { id: admin2.id, name: 'Blake Admin' },
      signature: { signer: 'Blake Admin', reauthenticated: true },
    });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    // Decided once: a second approval is a conflict, and the next request starts from the new values.
    await expect(approvePolicyChange(admin2, change.id, { version: 2, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('CONFLICT'));
    const next = await requestPolicyChange(admin2, toAuto({ mode: 'SUPERVISED', version: 2, reason: 'back to people' }));
    expect(next).toMatchObject({ basedOnVersion: 2, from: { mode: 'AUTO', autoThreshold: 0.95 }, to: { mode: 'SUPERVISED' } });
  });

  it('creates the policy when the type/site had none (version 0 → 1)', async () => {
    await db.policy.deleteMany({});
    const change = await requestPolicyChange(admin, toAuto({ mode: 'SHADOW', autoThreshold: 0.9, version: 0 }));
    expect(change).toMatchObject({ basedOnVersion: 0, from: { mode: 'SUPERVISED', autoThreshold: 0.9, atRiskThreshold: 0.6 } });
    await approvePolicyChange(admin2, change.id, { version: 1, password: TEST_PASSWORD });
    expect(await policyRow()).toMatchObject({ mode: 'SHADOW', version: 1, updatedById: admin2.id });
    expect((await db.auditEvent.findFirstOrThrow({ where: { action: 'policy.changed' } })).data).toMatchObject({ before: null, after: { mode: 'SHADOW', version: 1 } });
  });

  it('refuses a stale request when the policy moved since it was asked; nothing changes', async () => {
    const change = await requestPolicyChange(admin, toAuto());
    // A change outside this flow (a database fix, a restore) moves the version under the request.
    await db.policy.update({ where: { id: (await policyRow()).id }, data: { atRiskThreshold: 0.5, version: { increment: 1 } } });
    const before = await state();
    await expect(approvePolicyChange(admin2, change.id, { version: 1, password: TEST_PASSWORD })).rejects.toSatisfy(
      (e: unknown) => errorCode('CONFLICT')(e) && (e as Error).message === 'The policy changed since the request: ask again.',
    );
    expect(await state()).toEqual(before);
    // The stale request can still be turned down or withdrawn, which frees the policy for a new one.
    await cancelPolicyChange(admin, change.id, { version: 1, comment: 'stale' });
    expect(await requestPolicyChange(admin, toAuto({ version: 2 }))).toMatchObject({ basedOnVersion: 2, from: { atRiskThreshold: 0.5 } });
  });

  it('lets exactly one of two racing approvals win; the other gets CONFLICT', async () => {
    const third = await anotherAdmin('admin3@interlock.local', 'Casey Admin');
    const change = await requestPolicyChange(admin, toAuto());
    const results = await whileAuditChainIsHeld(() => [
      approvePolicyChange(admin2, change.id, { version: 1, password: TEST_PASSWORD }),
      approvePolicyChange(third, change.id, { version: 1, password: TEST_PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(errorCode('CONFLICT')(rejected[0].reason)).toBe(true);
    expect(await policyRow()).toMatchObject({ mode: 'AUTO', version: 2 });
    expect(await db.auditEvent.count({ where: { action: 'policy.changed' } })).toBe(1);
  });
});

describe('rejecting and cancelling', () => {
  it('lets another admin reject with a comment and only the requester cancel; the policy never moves', async () => {
    const policyBefore = await policyRow();
    const first = await requestPolicyChange(admin, toAuto());
    await expect(rejectPolicyChange(admin, first.id, { version: 1, comment: 'no' })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    await expect(rejectPolicyChange(await principalFor('SUPERVISOR'), first.id, { version: 1, comment: 'no' })).rejects.toSatisfy(errorCode('FORBIDDEN'));
    await expect(rejectPolicyChange(admin2, first.id, { version: 1, comment: '  ' })).rejects.toSatisfy(withField('BAD_REQUEST', 'comment'));
    const rejected = await rejectPolicyChange(admin2, first.id, { version: 1, comment: 'not enough decisions in the parallel run' });
    expect(rejected).toMatchObject({ status: 'REJECTED', decidedBy: { id: admin2.id }, decisionComment: 'not enough decisions in the parallel run', version: 2 });
    await expect(rejectPolicyChange(admin2, first.id, { version: 2, comment: 'again' })).rejects.toSatisfy(errorCode('CONFLICT'));

    const second = await requestPolicyChange(admin, toAuto({ reason: 'after another week' }));
    await expect(cancelPolicyChange(admin2, second.id, { version: 1 })).rejects.toSatisfy(
      (e: unknown) => errorCode('FORBIDDEN')(e) && /who requested it/.test((e as Error).message),
    );
    // A stale view of the request (someone acted since) is a conflict.
    await expect(cancelPolicyChange(admin, second.id, { version: 7 })).rejects.toSatisfy(errorCode('CONFLICT'));
    expect(await cancelPolicyChange(admin, second.id, { version: 1 })).toMatchObject({ status: 'CANCELLED', decidedBy: { id: admin.id } });
    await expect(approvePolicyChange(admin2, second.id, { version: 2, password: TEST_PASSWORD })).rejects.toSatisfy(errorCode('CONFLICT'));

    const after = await policyRow();
    expect([after.mode, after.autoThreshold, after.version, after.updatedAt.getTime()]).toEqual([policyBefore.mode, policyBefore.autoThreshold, policyBefore.version, policyBefore.updatedAt.getTime()]);
    const actions = (await db.auditEvent.findMany({ where: { action: { startsWith: 'policy.' } }, orderBy: { seq: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['policy.change_requested', 'policy.change_rejected', 'policy.change_requested', 'policy.change_cancelled']);
  });
});

describe('finding policy changes', () => {
  it('lists pending requests first, then the history, within the reader’s sites and filters', async () => {
    const first = await requestPolicyChange(admin, toAuto());
    await rejectPolicyChange(admin2, first.id, { version: 1, comment: 'not yet' });
    const second = await requestPolicyChange(admin, toAuto({ mode: 'SHADOW', autoThreshold: 0.9, reason: 'parallel run first' }));
    await approvePolicyChange(admin2, second.id, { version: 1, password: TEST_PASSWORD });
    const third = await requestPolicyChange(admin2, toAuto({ version: 2, reason: 'now auto' }));

    const viewer = await principalFor('VIEWER');
    expect((await findPolicyChanges(viewer)).map((c) => [c.id, c.status])).toEqual([
      [third.id, 'PENDING'],
      [second.id, 'APPROVED'],
      [first.id, 'REJECTED'],
    ]);
    expect((await findPolicyChanges(viewer, { status: 'APPROVED' })).map((c) => c.id)).toEqual([second.id]);
    expect((await findPolicyChanges(viewer, { status: 'PENDING', type: 'ORDER_RELEASE', siteId: '1710' })).map((c) => c.id)).toEqual([third.id]);
    await expect(findPolicyChanges(viewer, { siteId: '9999' })).rejects.toSatisfy(errorCode('NOT_FOUND'));
    expect(await findPolicyChanges({ ...viewer, scopes: [{ siteId: '9999', lineId: null }] })).toEqual([]);
  });
});
