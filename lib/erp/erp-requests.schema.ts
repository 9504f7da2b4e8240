// What a caller asks the ERP to do, in domain terms, as zod schemas: the
// outbox stores these as JSON and the adapters validate them again before a
// single byte leaves for the ERP (a request that cannot be right is refused
// without being sent). Client-safe: no server imports.
import { z } from 'zod';

/**
 * Our business reference, written on every ERP document we create so that an
 * in-doubt post is resolved by reading back. 1–25 characters, upper-case
 * letters, digits and hyphens, starting with a letter or digit: it must fit
 * SAP's MaterialDocumentHeaderText and DocumentHeaderText (25 characters) and
 * survive an OData $filter and an Oracle q= literal without quoting tricks.
 * lib/posting's postingReference() ("IL" + 20 base-36 characters) is one.
 */
export const ERP_REFERENCE_MAX_LENGTH = 25;
export const ERP_REFERENCE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,24}$/;

export const erpReferenceSchema = z
  .string()
  .regex(ERP_REFERENCE_PATTERN, 'a reference is 1–25 upper-case letters, digits or hyphens, starting with a letter or digit');

export function isErpReference(value: string): boolean {
  return ERP_REFERENCE_PATTERN.test(value);
}

const code = (max: number) => z.string().trim().min(1).max(max);
const material = code(40);
const storageLocation = code(20);
const uom = code(10);
const batch = code(20);
const quantity = z.number().finite().positive().max(1e12);
const nonNegative = z.number().finite().min(0).max(1e12);
/** A business day, "YYYY-MM-DD": posting dates have no time of day or zone. */
const day = z.iso.date();
const instant = z.iso.datetime({ offset: true });

const itemBase = {
  material,
  quantity,
  uom,
  storageLocation,
  batch: batch.optional(),
};

const orderItem = z.object({
  ...itemBase,
  /** Reservation of the order component this consumes (SAP); leave out to let the ERP pick none. */
  reservation: z.object({ number: code(10), item: code(4) }).optional(),
  /** Closes the component's reservation (nothing more will be issued). */
  finalIssue: z.boolean().optional(),
  /** Operation the component is issued to (Oracle needs one; SAP ignores it). */
  operation: code(10).optional(),
});

export const goodsMovementRequestSchema = z.discriminatedUnion('kind', [
  /** SAP 261 / Oracle work-order material issue. */
  z.object({ kind: z.literal('GOODS_ISSUE'), order: code(12), items: z.array(orderItem).min(1).max(100), postingDate: day.optional(), text: code(50).optional() }),
  /** SAP 262 / Oracle work-order material return: gives back what a goods issue took. */
  z.object({ kind: z.literal('GOODS_ISSUE_REVERSAL'), order: code(12), items: z.array(orderItem).min(1).max(100), postingDate: day.optional(), text: code(50).optional() }),
  /** SAP 101 / Oracle work-order completion: the order's product into stock. */
  z.object({
    kind: z.literal('GOODS_RECEIPT'),
    order: code(12),
    ...itemBase,
    /** The order delivers nothing more after this receipt. */
    deliveryCompleted: z.boolean().optional(),
    postingDate: day.optional(),
    text: code(50).optional(),
  }),
  /** SAP 551 / Oracle scrap transaction: out of stock, charged to a cost center. */
  z.object({
    kind: z.literal('SCRAP'),
    ...itemBase,
    costCenter: code(10),
    reasonCode: code(4).optional(),
    /** The order the scrap came from, for the document text only. */
    order: code(12).optional(),
    postingDate: day.optional(),
    text: code(50).optional(),
  }),
  /** SAP 201 / Oracle miscellaneous issue: an inventory adjustment down, charged to a cost center. */
  z.object({ kind: z.literal('MISC_ISSUE'), ...itemBase, costCenter: code(10), reasonCode: code(4).optional(), postingDate: day.optional(), text: code(50).optional() }),
  /** SAP 501 / Oracle miscellaneous receipt: an inventory adjustment up. */
  z.object({ kind: z.literal('MISC_RECEIPT'), ...itemBase, reasonCode: code(4).optional(), postingDate: day.optional(), text: code(50).optional() }),
]);

export type GoodsMovementRequest = z.infer<typeof goodsMovementRequestSchema>;
export type GoodsMovementKind = GoodsMovementRequest['kind'];

export const confirmationRequestSchema = z
  .object({
    order: code(12),
    /** The operation confirmed, e.g. "0010" (SAP) or "10" (Oracle). */
    operation: code(10).optional(),
    yieldQuantity: nonNegative,
    scrapQuantity: nonNegative.default(0),
    uom,
    /** Final confirmation: the operation is done and its open reservations close. */
    finalConfirmation: z.boolean().default(false),
    postingDate: day.optional(),
    workCenter: code(8).optional(),
    start: instant.optional(),
    end: instant.optional(),
    text: code(40).optional(),
    /** Goods movements posted with the confirmation: component issues and the product's receipt. */
    backflush: z
      .array(z.object({ movement: z.enum(['GOODS_ISSUE', 'GOODS_RECEIPT']), ...itemBase }))
      .max(100)
      .default([]),
  })
  .refine((c) => c.yieldQuantity > 0 || c.scrapQuantity > 0, { message: 'confirm a yield or a scrap quantity', path: ['yieldQuantity'] });

export type ConfirmationRequest = z.input<typeof confirmationRequestSchema>;

export const qualityNotificationRequestSchema = z.object({
  /** The ERP's notification type; the adapter's configured default when left out. */
  notificationType: code(4).optional(),
  material,
  order: code(12).optional(),
  workCenter: code(8).optional(),
  defectCode: code(8),
  defectCodeGroup: code(8).optional(),
  /** Short text (40 characters in SAP). */
  description: code(40),
  longText: z.string().max(4000).optional(),
  quantity: quantity.optional(),
  uom: uom.optional(),
});

export type QualityNotificationRequest = z.infer<typeof qualityNotificationRequestSchema>;

const cents = (amount: number) => Math.round(amount * 100);

export const journalEntryRequestSchema = z
  .object({
    /** SAP company code or Oracle ledger; the adapter's configured default when left out. */
    companyCode: code(30).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    documentDate: day,
    postingDate: day,
    headerText: z.string().trim().max(25).optional(),
    lines: z
      .array(
        z.object({
          glAccount: code(25),
          side: z.enum(['DEBIT', 'CREDIT']),
          /** Positive; `side` says which column. Two decimals at most. */
          amount: z
            .number()
            .finite()
            .positive()
            .max(1e13)
            .refine((a) => Math.abs(a * 100 - Math.round(a * 100)) < 1e-6, { message: 'two decimals at most' }),
          costCenter: code(10).optional(),
          profitCenter: code(10).optional(),
          order: code(12).optional(),
          material: material.optional(),
          text: z.string().trim().max(50).optional(),
        }),
      )
      .min(2)
      .max(999),
  })
  .superRefine((entry, ctx) => {
    // Compared in cents: floating sums of decimal amounts do not balance exactly.
    const debit = entry.lines.filter((l) => l.side === 'DEBIT').reduce((s, l) => s + cents(l.amount), 0);
    const credit = entry.lines.filter((l) => l.side === 'CREDIT').reduce((s, l) => s + cents(l.amount), 0);
    if (debit !== credit) {
      ctx.addIssue({ code: 'custom', path: ['lines'], message: `the entry does not balance: debits ${(debit / 100).toFixed(2)}, credits ${(credit / 100).toFixed(2)}` });
    }
  });

export type JournalEntryRequest = z.infer<typeof journalEntryRequestSchema>;

const etag = z.string().min(1).max(200).nullable().optional();

export const orderComponentChangeRequestSchema = z.object({
  order: code(12),
  /** The order's ETag as last read; a stale one is a CONFLICT unless the change is already in place. */
  etag,
  substitutions: z
    .array(
      z.object({
        fromMaterial: material,
        toMaterial: material,
        /** New required quantity; the old one when left out. */
        quantity: quantity.optional(),
        storageLocation: storageLocation.optional(),
      }),
    )
    .min(1)
    .max(20)
    .refine((s) => s.every((x) => x.fromMaterial !== x.toMaterial), { message: 'a substitution must change the material' }),
});

export type OrderComponentChangeRequest = z.infer<typeof orderComponentChangeRequestSchema>;

export const orderDateChangeRequestSchema = z
  .object({
    order: code(12),
    etag,
    plannedStart: instant.optional(),
    plannedEnd: instant.optional(),
  })
  .refine((r) => r.plannedStart !== undefined || r.plannedEnd !== undefined, { message: 'give a planned start or a planned end', path: ['plannedStart'] })
  .refine((r) => !r.plannedStart || !r.plannedEnd || Date.parse(r.plannedStart) < Date.parse(r.plannedEnd), {
    message: 'the planned start must be before the planned end',
    path: ['plannedEnd'],
  });

export type OrderDateChangeRequest = z.infer<typeof orderDateChangeRequestSchema>;
