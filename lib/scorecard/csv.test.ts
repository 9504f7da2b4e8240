import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, parseCsv } from '@/lib/scorecard/csv';

describe('csvField', () => {
  it('leaves plain text, numbers and booleans alone and writes null as empty', () => {
    expect([csvField('L1'), csvField(0.875), csvField(-12.5), csvField(true), csvField(null), csvField(undefined)]).toEqual(['L1', '0.875', '-12.5', 'true', '', '']);
  });

  it('quotes commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvField('Smith, Jo')).toBe('"Smith, Jo"');
    expect(csvField('say "hold"')).toBe('"say ""hold"""');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField('{"verdict":"AT_RISK","note":"x, y"}')).toBe('"{""verdict"":""AT_RISK"",""note"":""x, y""}"');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField(NaN)).toBe('');
  });
});

describe('csvRecord and parseCsv', () => {
  it('round-trips awkward fields', () => {
    const rows = [
      ['a', 'b, c', 'he said "no"', 'two\nlines', ''],
      ['', '', '', '', 'last'],
    ];
    const text = rows.map((r) => csvRecord(r)).join('');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual(rows);
  });
});
