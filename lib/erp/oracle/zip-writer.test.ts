import { describe, expect, it } from 'vitest';
import { crc32, readZip, writeZip } from './zip-writer';

describe('zip writer', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes deflated and stored entries that read back byte for byte, with sizes and CRCs checked', () => {
    const csv = Buffer.from('NEW,1,2026/06/01,Interlock\r\n'.repeat(200), 'utf8');
    for (const method of ['deflate', 'store'] as const) {
      const zip = writeZip([{ name: 'GlInterface.csv', data: csv }, { name: 'ü.txt', data: Buffer.from('x') }], { method, date: new Date('2026-06-01T08:00:00Z') });
      expect(zip.readUInt32LE(0)).toBe(0x04034b50);
      const entries = readZip(zip);
      expect(entries.map((e) => e.name)).toEqual(['GlInterface.csv', 'ü.txt']);
      expect(entries[0].data.equals(csv)).toBe(true);
      if (method === 'deflate') expect(zip.length).toBeLessThan(csv.length / 4);
    }
  });

  it('detects a corrupted archive', () => {
    const zip = writeZip([{ name: 'a.csv', data: Buffer.from('hello world, hello world') }], { method: 'store' });
    zip[40] ^= 0xff;
    expect(() => readZip(zip)).toThrow(/CRC/);
  });
});
