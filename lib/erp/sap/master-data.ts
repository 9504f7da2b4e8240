// Master data from SAP: BOMs from API_BILL_OF_MATERIAL_SRV (every
// alternative, and alternative item groups folded into alternates of the
// main item) and stock from API_MATERIAL_STOCK_SRV, mapped to domain types.
import { z } from 'zod';
import { ErpError, type ErpBom, type ErpBomAlternate, type ErpStock, type ErpStockType } from '@/lib/erp/connector';
import { isDecimalString, parseDecimal } from './odata-values';

export const BOM_SERVICE_NAME = 'API_BILL_OF_MATERIAL_SRV';
export const BOM_SERVICE_PATH = `/sap/opu/odata/sap/${BOM_SERVICE_NAME}`;
export const BOM_SET = 'MaterialBOM';
export const BOM_TYPE = 'MaterialBOMType';
export const BOM_ITEM_NAVIGATION = 'to_BillOfMaterialItem';
export const BOM_ITEM_TYPE = 'MaterialBOMItemType';
/** M: material BOM. */
export const BOM_CATEGORY = 'M';

export const STOCK_SERVICE_NAME = 'API_MATERIAL_STOCK_SRV';
export const STOCK_SERVICE_PATH = `/sap/opu/odata/sap/${STOCK_SERVICE_NAME}`;
export const STOCK_SET = 'A_MatlStkInAcctMod';
export const STOCK_TYPE = 'A_MatlStkInAcctModType';

const edmDecimal = z.string().refine(isDecimalString, { message: 'expected an Edm.Decimal string' });

export const sapBomItemSchema = z.object({
  BillOfMaterialItemNodeNumber: z.string(),
  BillOfMaterialItemNumber: z.string(),
  BillOfMaterialComponent: z.string(),
  BillOfMaterialItemQuantity: edmDecimal,
  BillOfMaterialItemUnit: z.string(),
  ComponentDescription: z.string(),
  AlternativeItemGroup: z.string(),
  AlternativeItemPriority: z.string(),
  UsageProbabilityPercent: edmDecimal,
  IsDeleted: z.boolean().nullable(),
});

export const sapBomSchema = z.object({
  BillOfMaterial: z.string(),
  BillOfMaterialVariant: z.string(),
  Material: z.string().min(1),
  Plant: z.string(),
  BOMHeaderQuantityInBaseUnit: edmDecimal,
  BOMHeaderBaseUnit: z.string(),
  ProductDescription: z.string(),
  IsMarkedForDeletion: z.boolean().nullable(),
  to_BillOfMaterialItem: z.object({ results: z.array(sapBomItemSchema) }),
});

export type SapBom = z.infer<typeof sapBomSchema>;
export type SapBomItem = z.infer<typeof sapBomItemSchema>;

export const BOM_SELECT = [...Object.keys(sapBomSchema.shape)];
export const BOM_ITEM_READ = Object.keys(sapBomItemSchema.shape);
export const BOM_FILTER_PROPERTIES = ['Plant', 'BillOfMaterialCategory', 'Material'] as const;
export const BOM_ORDER_BY = ['Material', 'BillOfMaterialVariant'] as const;

export const sapBomCollectionResponse = z.object({
  d: z.object({ results: z.array(sapBomSchema), __count: z.string().regex(/^\d+$/).optional() }),
});

export const sapStockSchema = z.object({
  Material: z.string().min(1),
  Plant: z.string(),
  StorageLocation: z.string(),
  Batch: z.string(),
  InventoryStockType: z.string(),
  InventorySpecialStockType: z.string(),
  MaterialBaseUnit: z.string(),
  MatlWrhsStkQtyInMatlBaseUnit: edmDecimal,
});

export type SapStock = z.infer<typeof sapStockSchema>;
export const STOCK_SELECT = Object.keys(sapStockSchema.shape);
export const STOCK_FILTER_PROPERTIES = ['Plant', 'Material'] as const;
export const STOCK_ORDER_BY = ['Material', 'StorageLocation', 'Batch', 'InventoryStockType'] as const;

export const sapStockCollectionResponse = z.object({
  d: z.object({ results: z.array(sapStockSchema), __count: z.string().regex(/^\d+$/).optional() }),
});

/** "01" → "1": SAP pads alternatives; the domain keeps them as planners say them. */
function alternativeOf(variant: string): string {
  return variant.replace(/^0+(?=\d)/, '') || '1';
}

function priorityOf(item: SapBomItem): number {
  const n = Number(item.AlternativeItemPriority);
  return Number.isFinite(n) && n > 0 ? n : 99;
}

/**
 * One SAP BOM (an alternative) → a domain BOM. Items that share an
 * AlternativeItemGroup are one position: the main item is the one SAP would
 * use first (highest usage probability, then lowest priority number); the
 * others become its alternates with their quantity as a ratio of the main one.
 */
export function toErpBom(bom: SapBom): ErpBom {
  try {
    const items = bom.to_BillOfMaterialItem.results.filter((i) => i.IsDeleted !== true && i.BillOfMaterialComponent !== '');
    const groups = new Map<string, SapBomItem[]>();
    const result: ErpBom['items'] = [];
    for (const item of items) {
      if (!item.AlternativeItemGroup) continue;
      const group = groups.get(item.AlternativeItemGroup) ?? [];
      group.push(item);
      groups.set(item.AlternativeItemGroup, group);
    }
    const placed = new Set<string>();
    for (const item of items) {
      if (!item.AlternativeItemGroup) {
        result.push({
          itemNo: item.BillOfMaterialItemNumber,
          component: item.BillOfMaterialComponent,
          quantity: parseDecimal(item.BillOfMaterialItemQuantity),
          uom: item.BillOfMaterialItemUnit,
          ...(item.ComponentDescription ? { description: item.ComponentDescription } : {}),
          alternates: [],
        });
        continue;
      }
      if (placed.has(item.AlternativeItemGroup)) continue;
      placed.add(item.AlternativeItemGroup);
      const group = [...(groups.get(item.AlternativeItemGroup) ?? [])].sort(
        (a, b) => parseDecimal(b.UsageProbabilityPercent) - parseDecimal(a.UsageProbabilityPercent) || priorityOf(a) - priorityOf(b),
      );
      const [main, ...others] = group;
      const mainQuantity = parseDecimal(main.BillOfMaterialItemQuantity);
      const alternates: ErpBomAlternate[] = others
        .sort((a, b) => priorityOf(a) - priorityOf(b))
        .map((alt, index) => ({
          material: alt.BillOfMaterialComponent,
          priority: index + 1,
          ratio: mainQuantity > 0 ? parseDecimal(alt.BillOfMaterialItemQuantity) / mainQuantity : 1,
          uom: alt.BillOfMaterialItemUnit,
          ...(alt.ComponentDescription ? { description: alt.ComponentDescription } : {}),
        }));
      result.push({
        itemNo: main.BillOfMaterialItemNumber,
        component: main.BillOfMaterialComponent,
        quantity: mainQuantity,
        uom: main.BillOfMaterialItemUnit,
        ...(main.ComponentDescription ? { description: main.ComponentDescription } : {}),
        alternates,
      });
    }
    return {
      material: bom.Material,
      ...(bom.ProductDescription ? { description: bom.ProductDescription } : {}),
      alternative: alternativeOf(bom.BillOfMaterialVariant),
      baseQuantity: parseDecimal(bom.BOMHeaderQuantityInBaseUnit) || 1,
      baseUom: bom.BOMHeaderBaseUnit,
      items: result.sort((a, b) => a.itemNo.localeCompare(b.itemNo)),
    };
  } catch (error) {
    if (error instanceof ErpError) throw error;
    throw new ErpError('PROTOCOL', `SAP BOM ${bom.BillOfMaterial} of ${bom.Material} has a value we cannot read`, { cause: error });
  }
}

/** SAP stock types (InventoryStockType) we tell apart. */
const STOCK_TYPES: Record<string, ErpStockType> = { '01': 'UNRESTRICTED', '02': 'QUALITY', '07': 'BLOCKED' };

export function toErpStock(row: SapStock): ErpStock {
  return {
    material: row.Material,
    storageLocation: row.StorageLocation,
    batch: row.Batch,
    stockType: STOCK_TYPES[row.InventoryStockType] ?? 'OTHER',
    quantity: parseDecimal(row.MatlWrhsStkQtyInMatlBaseUnit),
    uom: row.MaterialBaseUnit,
  };
}
