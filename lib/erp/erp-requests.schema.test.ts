import { describe, expect, it } from 'vitest';
import { postingReference } from '@/lib/posting/posting-reference';
import {
  ERP_REFERENCE_MAX_LENGTH,
  confirmationRequestSchema,
  goodsMovementRequestSchema,
  isErpReference,
  journalEntryRequestSchema,
  orderComponentChangeRequestSchema,
  orderDateChangeRequestSchema,
} from './erp-requests.schema';

const line = (side: 'DEBIT' | 'CREDIT', amount: number) => ({ glAccount: '51100000', side, amount });

describe('the posting reference format', () => {
  it('accepts upper-case letters, digits and hyphens up to 25 characters, and the outbox’s references', () => {
    expect(isErpReference('IL0123456789ABCDEFGHIJ')).toBe(true);
    expect(isErpReference('A'.repeat(ERP_REFERENCE_MAX_LENGTH))).toBe(true);
    expect(isErpReference(postingReference('decision-1'))).toBe(true);
  });

  it('refuses what would not survive a 25-character field or a quoted filter', () => {
    for (const bad of ['', 'A'.repeat(26), 'il123', "IL'1", 'IL 1', '-IL1', 'IL_1']) expect(isErpReference(bad), bad).toBe(false);
  });
});

describe('journalEntryRequestSchema', () => {
  const entry = { currency: 'EUR', documentDate: '2026-06-01', postingDate: '2026-06-01', lines: [line('DEBIT', 0.1), line('DEBIT', 0.2), line('CREDIT', 0.3)] };

  it('balances in cents, so 0.1 + 0.2 = 0.3', () => {
    expect(journalEntryRequestSchema.safeParse(entry).success).toBe(true);
  });

  it('refuses an unbalanced entry, more than two decimals, and a bad currency', () => {
    const unbalanced = journalEntryRequestSchema.safeParse({ ...entry, lines: [line('DEBIT', 10), line('CREDIT', 9.99)] });
    expect(unbalanced.success).toBe(false);
    expect(unbalanced.error?.issues[0].message).toBe('the entry does not balance: debits 10.00, credits 9.99');
    expect(journalEntryRequestSchema.safeParse({ ...entry, lines: [line('DEBIT', 1.005), line('CREDIT', 1.005)] }).success).toBe(false);
    expect(journalEntryRequestSchema.safeParse({ ...entry, currency: 'eur' }).success).toBe(false);
  });
});

describe('goods movements, confirmations and order changes', () => {
  it('tells movement kinds apart and requires what each needs', () => {
    expect(goodsMovementRequestSchema.safeParse({ kind: 'SCRAP', material: 'M', quantity: 1, uom: 'EA', storageLocation: '171A' }).success).toBe(false);
    expect(goodsMovementRequestSchema.safeParse({ kind: 'SCRAP', material: 'M', quantity: 1, uom: 'EA', storageLocation: '171A', costCenter: 'CC1' }).success).toBe(true);
    expect(goodsMovementRequestSchema.safeParse({ kind: 'GOODS_ISSUE', order: '1', items: [] }).success).toBe(false);
    expect(goodsMovementRequestSchema.safeParse({ kind: 'GOODS_ISSUE', order: '1', items: [{ material: 'M', quantity: 0, uom: 'EA', storageLocation: 'S' }] }).success).toBe(false);
    expect(goodsMovementRequestSchema.safeParse({ kind: 'TELEPORT', material: 'M' }).success).toBe(false);
  });

  it('needs a yield or a scrap to confirm, and defaults the rest', () => {
    expect(confirmationRequestSchema.safeParse({ order: '1', yieldQuantity: 0, uom: 'EA' }).success).toBe(false);
    expect(confirmationRequestSchema.parse({ order: '1', yieldQuantity: 0, scrapQuantity: 2, uom: 'EA' })).toMatchObject({ finalConfirmation: false, backflush: [] });
  });

  it('refuses a substitution that changes nothing and dates in the wrong order', () => {
    expect(orderComponentChangeRequestSchema.safeParse({ order: '1', substitutions: [{ fromMaterial: 'A', toMaterial: 'A' }] }).success).toBe(false);
    expect(orderDateChangeRequestSchema.safeParse({ order: '1' }).success).toBe(false);
    expect(orderDateChangeRequestSchema.safeParse({ order: '1', plannedStart: '2026-06-02T00:00:00Z', plannedEnd: '2026-06-01T00:00:00Z' }).success).toBe(false);
    expect(orderDateChangeRequestSchema.safeParse({ order: '1', plannedEnd: '2026-06-01T00:00:00+02:00' }).success).toBe(true);
  });
});
