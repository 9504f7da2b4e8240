import { describe, expect, it } from 'vitest';
import { evaluateQ, OracleQueryError, parseQ } from './oracle-sim-query';

const known = new Set(['OrganizationCode', 'WorkOrderNumber', 'Qty', 'BatchName']);
const matches = (q: string, row: Record<string, unknown>) => evaluateQ(parseQ(q, known), row);

describe('Oracle q= filters', () => {
  it('combines comparisons with and/or and parentheses, strings with doubled quotes, numbers', () => {
    const row = { OrganizationCode: 'M1', WorkOrderNumber: "M1-1'A", Qty: 5 };
    expect(matches("OrganizationCode='M1' and (WorkOrderNumber='M1-1''A' or Qty>10)", row)).toBe(true);
    expect(matches("OrganizationCode='M2' or Qty<=4", row)).toBe(false);
    expect(matches('Qty>=5 and Qty<>6', row)).toBe(true);
  });

  it('supports LIKE with % wildcards', () => {
    expect(matches("BatchName LIKE 'IL1%'", { BatchName: 'IL1 500001' })).toBe(true);
    expect(matches("BatchName LIKE 'IL1%'", { BatchName: 'XIL1' })).toBe(false);
  });

  it('refuses unknown attributes and malformed expressions', () => {
    expect(() => parseQ("Nope='x'", known)).toThrow(OracleQueryError);
    expect(() => parseQ("OrganizationCode='x", known)).toThrow(OracleQueryError);
    expect(() => parseQ('OrganizationCode', known)).toThrow(OracleQueryError);
  });
});
