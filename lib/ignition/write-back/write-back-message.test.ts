import { describe, expect, it } from 'vitest';
import { orderTopic, recommendationTopic, toWriteBackStatus, type WriteBackSource } from '@/lib/ignition/write-back/write-back-message';

const at = (m: number) => new Date(Date.UTC(2026, 10, 25, 12, m));
const rec: WriteBackSource = {
  id: 'r1',
  siteId: '1710',
  status: 'POST_FAILED',
  verdict: 'FEASIBLE',
  recommendedAction: 'RELEASE_ORDER',
  confidence: 0.91,
  updatedAt: at(1),
  order: { erpOrderId: '1000001' },
  decisions: [
    { outcome: 'HOLD', actorName: 'Ann', signatureMeaning: 'Hold: order 1000001 stays unreleased', createdAt: at(0) },
    { outcome: 'APPROVE', actorName: 'Bob', signatureMeaning: 'Approve: release order 1000001 to SAP', createdAt: at(2) },
  ],
  postings: [{ state: 'FAILED', erpDocument: null, lastError: 'timeout', messages: [{ severity: 'E', code: 'CO/123', text: 'Order is locked' }], updatedAt: at(5) }],
};

describe('write-back message', () => {
  it('takes the latest decision and posting, the ERP message text, and the latest change time', () => {
    expect(toWriteBackStatus(rec)).toEqual({
      id: 'r1',
      site: '1710',
      erpOrderId: '1000001',
      status: 'POST_FAILED',
      verdict: 'FEASIBLE',
      recommendedAction: 'RELEASE_ORDER',
      confidence: 0.91,
      decision: { outcome: 'APPROVE', actor: 'Bob', meaning: 'Approve: release order 1000001 to SAP', at: at(2).toISOString() },
      posting: { state: 'FAILED', document: null, message: 'Order is locked' },
      updatedAt: at(5).toISOString(),
    });
  });

  it('falls back to the last error and to no decision or posting', () => {
    const s = toWriteBackStatus({ ...rec, order: null, decisions: [], postings: [{ ...rec.postings[0], messages: null }] });
    expect(s.decision).toBeNull();
    expect(s.erpOrderId).toBeNull();
    expect(s.posting?.message).toBe('timeout');
    expect(toWriteBackStatus({ ...rec, postings: [] }).updatedAt).toBe(at(2).toISOString());
  });

  it('keeps ids from changing the topic structure', () => {
    expect(recommendationTopic('interlock', '1710', 'c1')).toBe('interlock/1710/recommendations/c1');
    expect(orderTopic('interlock', '1710', 'A/B+#1')).toBe('interlock/1710/orders/A%2FB%2B%231');
  });
});
