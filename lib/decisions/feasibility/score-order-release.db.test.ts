import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { checkFeasibility } from '@/lib/decisions/feasibility/check-feasibility';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';
import { rescoreWorkCenter } from '@/lib/decisions/feasibility/rescore-work-center';
import { createOrder, gatewayPrincipal, setupPlant } from '@/lib/testing/fixtures';
import { AppError } from '@/lib/errors';

const SRC = { gateway: 'ign-gw-01', allowedSites: ['1710'] };
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

function request(over: Record<string, unknown> = {}) {
  return { order_id: 'PROD-100234', material: 'VALVE-ASSY-55', quantity: 500, required_work_center: 'WC-ASSY-05', required_skill: 'TORQUE_CERT', due_date: inHours(30), site: '1710', ...over };
}

describe('feasibility check against the live floor', () => {
  beforeEach(setupPlant);

  it('answers the product.md shape and records a recommendation', async () => {
    const gw = await gatewayPrincipal();
    const res = await checkFeasibility(gw, request());
    expect(Object.keys(res).sort()).toEqual(
      ['blocking_issues', 'earliest_start', 'feasibility_score', 'findings', 'model_version', 'order_id', 'recommendation_id', 'recommended_action', 'status', 'warnings'].sort(),
    );
    expect(res.status).toBe('FEASIBLE');
    expect(res.recommended_action).toBe('RELEASE_ORDER');
    expect(res.model_version).toBe('feasibility@1');
    expect(res.feasibility_score).toBeGreaterThan(0.6);
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: res.recommendation_id } });
    expect(rec).toMatchObject({ verdict: 'FEASIBLE', source: 'GATEWAY', status: 'PENDING' });
  });

  it('makes orders at a work center sent DOWN BLOCKED', async () => {
    const gw = await gatewayPrincipal();
    await ingestPlantEvents(SRC, [{ id: 'gw:down', type: 'machine_state', ts: new Date().toISOString(), site: '1710', work_center: 'WC-ASSY-05', state: 'DOWN', reason: 'spindle fault' }]);
    const res = await checkFeasibility(gw, request());
    expect(res.status).toBe('BLOCKED');
    expect(res.recommended_action).toBe('HOLD_ORDER');
    expect(res.findings.map((f) => f.code)).toContain('WORK_CENTER_DOWN');
    expect(res.blocking_issues[0]).toMatch(/WC-ASSY-05 is down \(spindle fault\)/);
    expect(res.feasibility_score).toBe(0);
  });

  it('gives FEASIBLE_WITH_NOTES and a replenishment warning when line-side is short and storage covers', async () => {
    const gw = await gatewayPrincipal();
    await ingestPlantEvents(SRC, [{ id: 'gw:scan', type: 'inventory_scan', ts: new Date().toISOString(), site: '1710', material: 'VLV-55', location: 'LINESIDE:L1', quantity: 480, uom: 'EA' }]);
    const res = await checkFeasibility(gw, request());
    expect(res.status).toBe('FEASIBLE_WITH_NOTES');
    expect(res.recommended_action).toBe('RELEASE_ORDER');
    expect(res.warnings).toContain('Material VLV-55 stock at line-side is 480, a replenishment signal will be sent.');
    expect(res.findings).toContainEqual(expect.objectContaining({ code: 'LINESIDE_SHORT', severity: 'warning', subject: 'VLV-55' }));
  });

  it('reports an unknown material and work center as findings', async () => {
    const gw = await gatewayPrincipal();
    const res = await checkFeasibility(gw, request({ material: 'NOPE-1', required_work_center: 'WC-NOPE' }));
    expect(res.status).toBe('BLOCKED');
    expect(res.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['UNKNOWN_MATERIAL', 'UNKNOWN_WORK_CENTER']));
  });

  it('does not disclose sites outside the key\'s scope', async () => {
    const gw = await gatewayPrincipal(['2000']);
    await expect(checkFeasibility(gw, request())).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
    expect(await db.recommendation.count()).toBe(0);
  });
});

describe('autonomy policy', () => {
  beforeEach(setupPlant);

  const score = (erpOrderId: string) =>
    createOrder(erpOrderId, { quantity: 200, dueInHours: 40 }).then((o) =>
      scoreOrderRelease({ siteId: '1710', orderId: o.erpOrderId, material: 'VALVE-ASSY-55', quantity: o.quantity, dueDate: o.dueDate, workCenter: 'WC-ASSY-05', requiredSkill: 'TORQUE_CERT', source: 'ERP_SYNC', actor: { actorType: 'SYSTEM', actorName: 'test' } }),
    );

  it('auto-approves a confident release under AUTO, with a policy decision and a queued posting, and says so', async () => {
    await db.policy.update({ where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } }, data: { mode: 'AUTO', autoThreshold: 0.8 } });
    const scored = await score('1000010');
    expect(scored.result.confidence).toBeGreaterThanOrEqual(0.8);
    expect(scored.status).toBe('AUTO_APPROVED');
    const rec = await db.recommendation.findUniqueOrThrow({ where: { id: scored.recommendationId! }, include: { decisions: true, postings: true } });
    expect(rec.decisions).toHaveLength(1);
    expect(rec.decisions[0].userId).toBeNull();
    expect(rec.decisions[0].signatureMeaning).toMatch(/Automatic release by policy: confidence \d+ % ≥ threshold 80 %/);
    expect(rec.postings[0].state).toBe('QUEUED');
    expect(await db.auditEvent.count({ where: { entityId: rec.id, action: 'recommendation.auto_approved' } })).toBe(1);
  });

  it('leaves it to a person below the threshold, when blocked, and under SUPERVISED', async () => {
    await db.policy.update({ where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } }, data: { mode: 'AUTO', autoThreshold: 1 } });
    expect((await score('1000011')).status).toBe('PENDING');
    await db.policy.update({ where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } }, data: { autoThreshold: 0.5 } });
    await ingestPlantEvents(SRC, [{ id: 'gw:d', type: 'machine_state', ts: new Date().toISOString(), site: '1710', work_center: 'WC-ASSY-05', state: 'DOWN' }]);
    expect((await score('1000012')).status).toBe('PENDING');
    await db.policy.update({ where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } }, data: { mode: 'SUPERVISED' } });
    await ingestPlantEvents(SRC, [{ id: 'gw:u', type: 'machine_state', ts: new Date().toISOString(), site: '1710', work_center: 'WC-ASSY-05', state: 'RUNNING' }]);
    expect((await score('1000013')).status).toBe('PENDING');
    expect(await db.erpPosting.count()).toBe(0);
  });

  it('records only, in SHADOW', async () => {
    await db.policy.update({ where: { type_siteId: { type: 'ORDER_RELEASE', siteId: '1710' } }, data: { mode: 'SHADOW' } });
    expect((await score('1000014')).status).toBe('SHADOW');
  });

  it('replaces an open recommendation when the floor changes its verdict, and keeps it when not', async () => {
    const first = await score('1000020');
    const wc = await db.workCenter.findUniqueOrThrow({ where: { siteId_code: { siteId: '1710', code: 'WC-ASSY-05' } } });
    expect(await rescoreWorkCenter(wc.id)).toBe(0);
    await ingestPlantEvents(SRC, [{ id: 'gw:d2', type: 'machine_state', ts: new Date().toISOString(), site: '1710', work_center: 'WC-ASSY-05', state: 'DOWN', reason: 'hydraulic leak' }]);
    expect(await rescoreWorkCenter(wc.id)).toBe(1);
    const old = await db.recommendation.findUniqueOrThrow({ where: { id: first.recommendationId! } });
    expect(old.status).toBe('WITHDRAWN');
    const current = await db.recommendation.findFirstOrThrow({ where: { status: 'PENDING' } });
    expect(current.verdict).toBe('BLOCKED');
  });
});
