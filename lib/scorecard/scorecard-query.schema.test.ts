import { describe, expect, it } from 'vitest';
import { comparisonQuerySchema, scorecardQuerySchema } from '@/lib/scorecard/scorecard-query.schema';

describe('scorecardQuerySchema', () => {
  it('defaults to 30 days and no filters; empty parameters mean no filter', () => {
    expect(scorecardQuerySchema.parse({})).toEqual({ days: 30 });
    expect(scorecardQuerySchema.parse({ type: '', siteId: ' ', days: '' })).toEqual({ days: 30 });
    expect(scorecardQuerySchema.parse({ type: 'ORDER_RELEASE', siteId: '1710', days: '7' })).toEqual({ type: 'ORDER_RELEASE', siteId: '1710', days: 7 });
  });

  it('refuses unknown types, odd site codes and days out of range, naming the field', () => {
    const fields = (input: Record<string, string>) => {
      const r = scorecardQuerySchema.safeParse(input);
      return r.success ? [] : [...new Set(r.error.issues.map((i) => i.path.join('.')))];
    };
    expect(fields({ type: 'NOPE' })).toEqual(['type']);
    expect(fields({ siteId: "1710' OR 1=1" })).toEqual(['siteId']);
    expect(fields({ days: '0' })).toEqual(['days']);
    expect(fields({ days: '366' })).toEqual(['days']);
    expect(fields({ days: '2.5' })).toEqual(['days']);
    expect(fields({ days: 'week' })).toEqual(['days']);
  });

  it('gives the comparison a window too', () => {
    expect(comparisonQuerySchema.parse({})).toEqual({ days: 30 });
    expect(comparisonQuerySchema.safeParse({ days: '-1' }).success).toBe(false);
  });
});
