import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';
import { setupPlant } from '@/lib/testing/fixtures';

const actor = { actorType: 'SYSTEM' as const, actorName: 'test' };

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await db.$transaction((tx) => recordAuditEvent(tx, { actor, action: 'order.synced', entityType: 'ProductionOrder', entityId: `o${i}`, siteId: '1710', data: { i, nested: { b: 2, a: 1 } } }));
  }
}

describe('audit chain in the database', () => {
  beforeEach(setupPlant);

  it('verifies after many appends, including concurrent ones', async () => {
    await append(5);
    await Promise.all(Array.from({ length: 10 }, (_, i) => db.$transaction((tx) => recordAuditEvent(tx, { actor, action: 'order.synced', entityType: 'X', entityId: `c${i}`, data: { i } }))));
    const r = await verifyAuditChain();
    expect(r).toEqual({ ok: true, checked: 15, firstBrokenSeq: null, reason: null });
  });

  it('detects a tampered row and names it', async () => {
    await append(6);
    const victim = await db.auditEvent.findFirstOrThrow({ where: { entityId: 'o3' } });
    await db.$executeRaw`UPDATE "AuditEvent" SET data = '{"i": 99}'::jsonb WHERE seq = ${victim.seq}`;
    const r = await verifyAuditChain();
    expect(r.ok).toBe(false);
    expect(r.firstBrokenSeq).toBe(Number(victim.seq));
    expect(r.reason).toMatch(/edited/);
  });

  it('detects a deleted row', async () => {
    await append(4);
    const victim = await db.auditEvent.findFirstOrThrow({ where: { entityId: 'o1' } });
    await db.auditEvent.delete({ where: { seq: victim.seq } });
    const r = await verifyAuditChain();
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/removed/);
  });

  it('rolls the event back with the change it records', async () => {
    await append(1);
    await expect(
      db.$transaction(async (tx) => {
        await recordAuditEvent(tx, { actor, action: 'order.synced', entityType: 'X', entityId: 'rolled-back', data: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await db.auditEvent.count({ where: { entityId: 'rolled-back' } })).toBe(0);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
