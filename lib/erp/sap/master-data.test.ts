import { describe, expect, it } from 'vitest';
import { toErpBom, toErpStock, type SapBom, type SapBomItem } from './master-data';

const item = (over: Partial<SapBomItem>): SapBomItem => ({
  BillOfMaterialItemNodeNumber: '1',
  BillOfMaterialItemNumber: '0010',
  BillOfMaterialComponent: 'A',
  BillOfMaterialItemQuantity: '1.000',
  BillOfMaterialItemUnit: 'EA',
  ComponentDescription: '',
  AlternativeItemGroup: '',
  AlternativeItemPriority: '',
  UsageProbabilityPercent: '0',
  IsDeleted: false,
  ...over,
});

const bom = (items: SapBomItem[]): SapBom => ({
  BillOfMaterial: '00000001',
  BillOfMaterialVariant: '02',
  Material: 'FG',
  Plant: '1710',
  BOMHeaderQuantityInBaseUnit: '10.000',
  BOMHeaderBaseUnit: 'EA',
  ProductDescription: 'Finished good',
  IsMarkedForDeletion: false,
  to_BillOfMaterialItem: { results: items },
});

describe('toErpBom', () => {
  it('folds an alternative item group into the main item (highest usage probability) with ratios and priorities', () => {
    const result = toErpBom(
      bom([
        item({ BillOfMaterialItemNumber: '0030', BillOfMaterialComponent: 'ALT-2', BillOfMaterialItemQuantity: '4.000', AlternativeItemGroup: '01', AlternativeItemPriority: '03' }),
        item({ BillOfMaterialItemNumber: '0020', BillOfMaterialComponent: 'MAIN', BillOfMaterialItemQuantity: '2.000', AlternativeItemGroup: '01', AlternativeItemPriority: '01', UsageProbabilityPercent: '100' }),
        item({ BillOfMaterialItemNumber: '0025', BillOfMaterialComponent: 'ALT-1', BillOfMaterialItemQuantity: '2.000', AlternativeItemGroup: '01', AlternativeItemPriority: '02', ComponentDescription: 'first choice' }),
        item({ BillOfMaterialItemNumber: '0010', BillOfMaterialComponent: 'PLAIN' }),
        item({ BillOfMaterialItemNumber: '0040', BillOfMaterialComponent: 'GONE', IsDeleted: true }),
      ]),
    );
    expect(result).toEqual({
      material: 'FG',
      description: 'Finished good',
      alternative: '2',
      baseQuantity: 10,
      baseUom: 'EA',
      items: [
        { itemNo: '0010', component: 'PLAIN', quantity: 1, uom: 'EA', alternates: [] },
        {
          itemNo: '0020',
          component: 'MAIN',
          quantity: 2,
          uom: 'EA',
          alternates: [
            { material: 'ALT-1', priority: 1, ratio: 1, uom: 'EA', description: 'first choice' },
            { material: 'ALT-2', priority: 2, ratio: 2, uom: 'EA' },
          ],
        },
      ],
    });
  });
});

describe('toErpStock', () => {
  it('maps stock types and decimals', () => {
    const row = { Material: 'M', Plant: '1710', StorageLocation: '171A', Batch: 'B', InventoryStockType: '02', InventorySpecialStockType: '', MaterialBaseUnit: 'KG', MatlWrhsStkQtyInMatlBaseUnit: '12.50000000000000' };
    expect(toErpStock(row)).toEqual({ material: 'M', storageLocation: '171A', batch: 'B', stockType: 'QUALITY', quantity: 12.5, uom: 'KG' });
    expect(toErpStock({ ...row, InventoryStockType: '01' }).stockType).toBe('UNRESTRICTED');
    expect(toErpStock({ ...row, InventoryStockType: '07' }).stockType).toBe('BLOCKED');
    expect(toErpStock({ ...row, InventoryStockType: '04' }).stockType).toBe('OTHER');
  });
});
