import { describe, expect, it } from 'vitest';
import { DEFAULT_GL_INTERFACE_COLUMNS, buildGlInterfaceCsv, groupIdFor, parseGlInterfaceCsv } from './gl-interface-csv';

const OPTIONS = { ledgerId: '300000046975971', source: 'Interlock', category: 'Adjustment', segmentSeparator: '.', costCenterSegment: 3, now: new Date('2026-06-01T08:00:00Z') };

describe('GlInterface.csv', () => {
  it('writes one row per line, by column position, with the reference as batch and journal name', () => {
    const csv = buildGlInterfaceCsv(
      { currency: 'USD', documentDate: '2026-06-01', postingDate: '2026-06-02', headerText: 'Scrap, valve "line"', lines: [{ glAccount: '101.10.5110.000', side: 'DEBIT', amount: 10.5, costCenter: '7777' }, { glAccount: '101.10.1410.000', side: 'CREDIT', amount: 10.5 }] },
      'ILREF1',
      OPTIONS,
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseGlInterfaceCsv(csv);
    expect(rows).toHaveLength(2);
    expect(csv.split('\r\n')[0].split(',').length).toBeGreaterThanOrEqual(DEFAULT_GL_INTERFACE_COLUMNS.length);
    expect(rows[0]).toMatchObject({ STATUS: 'NEW', LEDGER_ID: OPTIONS.ledgerId, ACCOUNTING_DATE: '2026/06/02', USER_JE_SOURCE_NAME: 'Interlock', CURRENCY_CODE: 'USD', ACTUAL_FLAG: 'A', SEGMENT1: '101', SEGMENT3: '7777', ENTERED_DR: '10.50', ENTERED_CR: '', REFERENCE1: 'ILREF1', REFERENCE4: 'ILREF1', REFERENCE2: 'Scrap, valve "line"', GROUP_ID: groupIdFor('ILREF1') });
    expect(rows[1]).toMatchObject({ SEGMENT3: '1410', ENTERED_DR: '', ENTERED_CR: '10.50' });
  });

  it('derives a stable 15-digit group id per reference', () => {
    expect(groupIdFor('ILREF1')).toBe(groupIdFor('ILREF1'));
    expect(groupIdFor('ILREF1')).not.toBe(groupIdFor('ILREF2'));
    expect(groupIdFor('ILREF1')).toMatch(/^\d{15}$/);
  });
});
