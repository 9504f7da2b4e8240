import { describe, expect, it } from 'vitest';
import { ErpError } from '@/lib/erp/connector';
import { assertMovementProperties, sapDay, toMaterialDocumentPayload } from './map-goods-movement';

const NOW = new Date('2026-06-01T08:00:00Z');

describe('toMaterialDocumentPayload', () => {
  it('maps a goods issue to 261 with GM code 03, reservation, final issue, and the reference as header text', () => {
    const payload = toMaterialDocumentPayload('1710', { kind: 'GOODS_ISSUE', order: '1000123', items: [{ material: 'RM-100', quantity: 5, uom: 'KG', storageLocation: '171A', batch: 'B1', reservation: { number: '12345', item: '0001' }, finalIssue: true }] }, 'IL1', NOW);
    expect(payload).toEqual({
      DocumentDate: '/Date(1780272000000)/',
      PostingDate: '/Date(1780272000000)/',
      GoodsMovementCode: '03',
      MaterialDocumentHeaderText: 'IL1',
      to_MaterialDocumentItem: {
        results: [
          {
            Material: 'RM-100',
            Plant: '1710',
            StorageLocation: '171A',
            Batch: 'B1',
            GoodsMovementType: '261',
            ManufacturingOrder: '1000123',
            Reservation: '12345',
            ReservationItem: '0001',
            ReservationIsFinallyIssued: true,
            QuantityInEntryUnit: '5.000',
            EntryUnit: 'KG',
          },
        ],
      },
    });
  });

  it('maps a receipt to 101 / 02 / F on order item 1, and uses the request’s posting date', () => {
    const payload = toMaterialDocumentPayload('1710', { kind: 'GOODS_RECEIPT', order: '1000123', material: 'FG', quantity: 10, uom: 'EA', storageLocation: '171B', postingDate: '2026-05-31' }, 'IL2', NOW);
    expect(payload.PostingDate).toBe(sapDay('2026-05-31'));
    expect(payload.GoodsMovementCode).toBe('02');
    expect(payload.to_MaterialDocumentItem.results[0]).toMatchObject({ GoodsMovementType: '101', GoodsMovementRefDocType: 'F', ManufacturingOrderItem: '1' });
  });

  it('maps scrap to 551 with the cost center and a text naming the order', () => {
    const payload = toMaterialDocumentPayload('1710', { kind: 'SCRAP', material: 'RM', quantity: 1, uom: 'EA', storageLocation: '171A', costCenter: 'CC1', order: '1000123' }, 'IL3', NOW);
    expect(payload.to_MaterialDocumentItem.results[0]).toMatchObject({ GoodsMovementType: '551', CostCenter: 'CC1', MaterialDocumentItemText: 'Scrap from order 1000123' });
    expect(payload.to_MaterialDocumentItem.results[0]).not.toHaveProperty('ManufacturingOrder');
  });

  it('maps the reversal to 262 with GM code 06 and never sends finally-issued on it', () => {
    const payload = toMaterialDocumentPayload('1710', { kind: 'GOODS_ISSUE_REVERSAL', order: '1', items: [{ material: 'RM', quantity: 1, uom: 'EA', storageLocation: 'S', finalIssue: true }] }, 'IL4', NOW);
    expect(payload.GoodsMovementCode).toBe('06');
    expect(payload.to_MaterialDocumentItem.results[0]).not.toHaveProperty('ReservationIsFinallyIssued');
  });

  it('refuses quantities with more decimals than SAP keeps', () => {
    expect(() => toMaterialDocumentPayload('1710', { kind: 'MISC_RECEIPT', material: 'RM', quantity: 1.0005, uom: 'EA', storageLocation: 'S' }, 'IL5', NOW)).toThrow(ErpError);
  });
});

describe('assertMovementProperties', () => {
  it('refuses a property the movement type does not allow and a missing mandatory one', () => {
    expect(() => assertMovementProperties('GOODS_ISSUE', { Material: 'M', Plant: 'P', StorageLocation: 'S', GoodsMovementType: '261', ManufacturingOrder: '1', QuantityInEntryUnit: '1', EntryUnit: 'EA', CostCenter: 'CC' })).toThrow(
      /CostCenter is not supported for movement type 261/,
    );
    expect(() => assertMovementProperties('SCRAP', { Material: 'M', Plant: 'P', StorageLocation: 'S', GoodsMovementType: '551', QuantityInEntryUnit: '1', EntryUnit: 'EA' })).toThrow(/CostCenter is mandatory for movement type 551/);
  });
});
