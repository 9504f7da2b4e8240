import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, computeAuditHash, verifyRows, type ChainRow } from '@/lib/audit/hash-chain';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const content = {
      at: new Date(Date.UTC(2026, 10, 25, 8, 0, i)),
      actorType: 'USER',
      actorId: 'u1',
      actorName: 'Sam',
      action: 'recommendation.approved',
      entityType: 'Recommendation',
      entityId: `r${i}`,
      siteId: '1710',
      data: { b: i, a: { y: [1, 2], x: 'z' } },
    };
    const hash = computeAuditHash(prev, content);
    rows.push({ ...content, seq: BigInt(i + 1), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('is independent of key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe('{"a":{"c":[3,{"e":2,"f":1}],"d":2},"b":1}');
  });

  it('verifies an intact chain', () => {
    expect(verifyRows(chain(5), GENESIS_HASH).ok).toBe(true);
  });

  it('detects an edited row at that row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2], data: { b: 999 } };
    const r = verifyRows(rows, GENESIS_HASH);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.seq).toBe(3n);
  });

  it('detects a removed row at the next one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    const r = verifyRows(rows, GENESIS_HASH);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.seq).toBe(3n);
      expect(r.reason).toMatch(/removed/);
    }
  });

  it('detects a re-hashed edit by the broken link after it', () => {
    const rows = chain(4);
    const edited = { ...rows[1], actorName: 'Mallory' };
    edited.hash = computeAuditHash(edited.prevHash, edited);
    rows[1] = edited;
    const r = verifyRows(rows, GENESIS_HASH);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.seq).toBe(3n);
  });
});
