// Database-test fixtures: a clean demo plant, principals per role, orders.
import { db } from '@/lib/db';
import { resetDatabase } from '@/lib/testing/reset-database';
import { DEMO_USERS, createGatewayKey, seedDemoUsers, seedPlant } from '@/prisma/seed-factories';
import { getUserPrincipal } from '@/lib/auth/session';
import type { Principal } from '@/lib/auth/principal';
import type { Role } from '@/lib/auth/permissions';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';

export const TEST_PASSWORD = 'test-password';

export async function setupPlant(): Promise<void> {
  await resetDatabase();
  await seedPlant(db);
  await seedDemoUsers(db, TEST_PASSWORD);
}

export async function principalFor(role: Role): Promise<Extract<Principal, { kind: 'user' }>> {
  const email = DEMO_USERS.find((u) => u.role === role)!.email;
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return (await getUserPrincipal(user.id))!;
}

export async function gatewayPrincipal(siteIds = ['1710']): Promise<Extract<Principal, { kind: 'apiKey' }>> {
  await createGatewayKey(db, { name: 'test gateway', gateway: 'ign-gw-test', siteIds });
  const key = await db.apiKey.findFirstOrThrow({ where: { gateway: 'ign-gw-test' }, orderBy: { createdAt: 'desc' } });
  return { kind: 'apiKey', id: key.id, name: key.name, role: 'GATEWAY', gateway: key.gateway, siteIds: key.siteIds };
}

export async function createOrder(erpOrderId: string, over: { material?: string; quantity?: number; dueInHours?: number; workCenter?: string; status?: 'CREATED' | 'RELEASED' } = {}) {
  const material = await db.material.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: over.material ?? 'VALVE-ASSY-55' } } });
  const wc = await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: over.workCenter ?? 'WC-ASSY-05' } } });
  return db.productionOrder.create({
    data: {
      siteId: '1710',
      erpOrderId,
      materialId: material.id,
      quantity: over.quantity ?? 300,
      uom: 'EA',
      workCenterId: wc.id,
      requiredSkill: 'TORQUE_CERT',
      dueDate: new Date(Date.now() + (over.dueInHours ?? 30) * 3_600_000),
      status: over.status ?? 'CREATED',
    },
  });
}

/** Scores an order made by createOrder (default material and work centre) as the ERP sync would; returns the recommendation row. */
export async function scoreOrder(order: { erpOrderId: string; quantity: number; dueDate: Date }) {
  const scored = await scoreOrderRelease({
    siteId: '1710',
    orderId: order.erpOrderId,
    material: 'VALVE-ASSY-55',
    quantity: order.quantity,
    dueDate: order.dueDate,
    workCenter: 'WC-ASSY-05',
    requiredSkill: 'TORQUE_CERT',
    source: 'ERP_SYNC',
    actor: { actorType: 'SYSTEM', actorName: 'test' },
  });
  return db.recommendation.findUniqueOrThrow({ where: { id: scored.recommendationId! } });
}

export async function countRows() {
  const [recommendations, decisions, postings, audit, jobs] = await Promise.all([
    db.recommendation.count(),
    db.decision.count(),
    db.erpPosting.count(),
    db.auditEvent.count(),
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*)::bigint AS n FROM graphile_worker._private_jobs`,
  ]);
  return { recommendations, decisions, postings, audit, jobs: Number(jobs[0].n) };
}
