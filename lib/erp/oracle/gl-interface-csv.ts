// The GlInterface.csv of Oracle's "Journal Import" FBDI template: one row per
// journal line, no header row, columns by position. The column order follows
// the GL_INTERFACE sheet of the template as far as it is documented publicly
// and is configurable [verify against the template version of the pod];
// every column this code does not fill stays empty.
import { createHash } from 'node:crypto';
import type { JournalEntryRequest } from '@/lib/erp/erp-requests.schema';
import { fixedDecimal } from '@/lib/erp/request-guards';

const SEGMENTS = Array.from({ length: 30 }, (_, i) => `SEGMENT${i + 1}`);
const REFERENCES = Array.from({ length: 10 }, (_, i) => `REFERENCE${i + 1}`);
const MORE_REFERENCES = Array.from({ length: 10 }, (_, i) => `REFERENCE${i + 21}`);

export const DEFAULT_GL_INTERFACE_COLUMNS: string[] = [
  'STATUS',
  'LEDGER_ID',
  'ACCOUNTING_DATE',
  'USER_JE_SOURCE_NAME',
  'USER_JE_CATEGORY_NAME',
  'CURRENCY_CODE',
  'DATE_CREATED',
  'ACTUAL_FLAG',
  ...SEGMENTS,
  'ENTERED_DR',
  'ENTERED_CR',
  'ACCOUNTED_DR',
  'ACCOUNTED_CR',
  ...REFERENCES,
  ...MORE_REFERENCES,
  'GROUP_ID',
];

export interface GlInterfaceOptions {
  ledgerId: string;
  source: string;
  category: string;
  segmentSeparator: string;
  /** 1-based segment a line's cost center replaces; 0 keeps the account as given. */
  costCenterSegment: number;
  columns?: string[];
  now?: Date;
}

/** A numeric group id derived from the reference: Journal Import then picks exactly this upload's rows. */
export function groupIdFor(reference: string): string {
  const hash = createHash('sha256').update(`interlock-gl:${reference}`).digest();
  // 15 digits: well inside NUMBER(15) and JavaScript's safe integers.
  return String(Number(hash.readBigUInt64BE(0) % 900_000_000_000_000n) + 100_000_000_000_000);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** "2025-06-01" → "2025/06/01", the date form of the FBDI templates. */
function fbdiDate(day: string): string {
  return day.replace(/-/g, '/');
}

export function buildGlInterfaceCsv(entry: JournalEntryRequest, reference: string, options: GlInterfaceOptions): string {
  const columns = options.columns ?? DEFAULT_GL_INTERFACE_COLUMNS;
  const created = fbdiDate((options.now ?? new Date()).toISOString().slice(0, 10));
  const groupId = groupIdFor(reference);
  const rows = entry.lines.map((line) => {
    const segments = line.glAccount.split(options.segmentSeparator);
    if (options.costCenterSegment > 0 && line.costCenter) segments[options.costCenterSegment - 1] = line.costCenter;
    const amount = fixedDecimal(line.amount, 2, 'Amount');
    const values: Record<string, string> = {
      STATUS: 'NEW',
      LEDGER_ID: options.ledgerId,
      ACCOUNTING_DATE: fbdiDate(entry.postingDate),
      USER_JE_SOURCE_NAME: options.source,
      USER_JE_CATEGORY_NAME: options.category,
      CURRENCY_CODE: entry.currency,
      DATE_CREATED: created,
      ACTUAL_FLAG: 'A',
      ENTERED_DR: line.side === 'DEBIT' ? amount : '',
      ENTERED_CR: line.side === 'CREDIT' ? amount : '',
      // Batch name: Journal Import keeps it (with the request id appended), which is what the read-back looks for.
      REFERENCE1: reference,
      REFERENCE2: entry.headerText ?? '',
      REFERENCE4: reference,
      REFERENCE5: entry.headerText ?? '',
      REFERENCE10: line.text ?? '',
      GROUP_ID: groupId,
    };
    segments.forEach((segment, index) => {
      values[`SEGMENT${index + 1}`] = segment;
    });
    return columns.map((c) => csvField(values[c] ?? '')).join(',');
  });
  return `${rows.join('\r\n')}\r\n`;
}

/** Parses the CSV back into rows of named columns (the simulator's side; quoted fields supported). */
export function parseGlInterfaceCsv(csv: string, columns: string[] = DEFAULT_GL_INTERFACE_COLUMNS): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const line of csv.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const fields: string[] = [];
    let current = '';
    let quoted = false;
    for (let i = 0; i < line.length; i += 1) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          current += '"';
          i += 1;
        } else if (ch === '"') quoted = false;
        else current += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        fields.push(current);
        current = '';
      } else current += ch;
    }
    fields.push(current);
    rows.push(Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? ''])));
  }
  return rows;
}
