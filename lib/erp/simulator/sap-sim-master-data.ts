// Read-only master data in the simulator: BOMs (API_BILL_OF_MATERIAL_SRV,
// alternates as alternative item groups) and stock (API_MATERIAL_STOCK_SRV)
// from the ledger, plus the demo plant's BOMs and opening stock.
import { DEMO_BOMS, DEMO_MATERIALS, DEMO_SITE, DEMO_STOCK } from '@/prisma/demo-plant';
import type { SapSimLedger, SimBom, SimFailure } from './sap-sim-ledger';
import type { WireRecord } from './sap-sim-odata';
import type { EntitySetHandler, SimEntity } from './sap-sim-routes';

function failure(status: number, code: string, message: string): SimFailure {
  return { status, code, message, details: [{ code, message }] };
}

function bomHeaderValues(bom: SimBom): WireRecord {
  return {
    BillOfMaterial: bom.bom,
    BillOfMaterialCategory: 'M',
    BillOfMaterialVariant: bom.variant.padStart(2, '0'),
    BillOfMaterialVersion: '',
    EngineeringChangeDocument: '',
    Material: bom.material,
    Plant: bom.plant,
    BillOfMaterialVariantUsage: '1',
    IsMultipleBOMAlt: false,
    BOMHeaderBaseUnit: bom.baseUnit,
    BOMHeaderQuantityInBaseUnit: bom.baseQuantity,
    ProductDescription: bom.description,
    IsMarkedForDeletion: false,
    BillOfMaterialStatus: '01',
  };
}

function bomItemValues(bom: SimBom, item: SimBom['items'][number], index: number): WireRecord {
  return {
    BillOfMaterial: bom.bom,
    BillOfMaterialCategory: 'M',
    BillOfMaterialVariant: bom.variant.padStart(2, '0'),
    BillOfMaterialVersion: '',
    BillOfMaterialItemNodeNumber: String(index + 1).padStart(8, '0'),
    HeaderChangeDocument: '',
    Material: bom.material,
    Plant: bom.plant,
    BillOfMaterialComponent: item.component,
    BillOfMaterialItemCategory: 'L',
    BillOfMaterialItemNumber: item.itemNo,
    BillOfMaterialItemUnit: item.unit,
    BillOfMaterialItemQuantity: item.quantity,
    ComponentDescription: item.description,
    AlternativeItemGroup: item.alternativeGroup,
    AlternativeItemPriority: item.alternativePriority,
    AlternativeItemStrategy: item.alternativeGroup ? '2' : '',
    UsageProbabilityPercent: item.usageProbability,
    IsProductionRelevant: true,
    IsDeleted: false,
  };
}

function bomEntity(bom: SimBom): SimEntity {
  return { values: bomHeaderValues(bom), navigations: { to_BillOfMaterialItem: bom.items.map((item, index) => ({ values: bomItemValues(bom, item, index) })) } };
}

export function bomEntitySets(ledger: SapSimLedger): Record<string, EntitySetHandler> {
  return {
    MaterialBOM: {
      list: () => ledger.listBoms().map(bomEntity),
      find: (key) => {
        const bom = ledger.listBoms().find((b) => b.bom === key.BillOfMaterial && b.material === key.Material && b.plant === key.Plant && b.variant.padStart(2, '0') === key.BillOfMaterialVariant);
        return bom ? bomEntity(bom) : undefined;
      },
      notFound: (key) => failure(404, 'CS/010', `BOM ${key.BillOfMaterial} of material ${key.Material} does not exist`),
      createRefusal: 'Maintaining BOMs is not simulated; use POST /_sim/boms',
    },
    MaterialBOMItem: {
      list: () => ledger.listBoms().flatMap((bom) => bom.items.map((item, index) => ({ values: bomItemValues(bom, item, index) }))),
      find: () => undefined,
      notFound: () => failure(404, 'CS/011', 'BOM item does not exist'),
    },
  };
}

function stockValues(row: ReturnType<SapSimLedger['listStock']>[number]): WireRecord {
  return {
    Material: row.material,
    Plant: row.plant,
    StorageLocation: row.storageLocation,
    Batch: row.batch,
    Supplier: '',
    Customer: '',
    WBSElementInternalID: '00000000',
    SDDocument: '',
    SDDocumentItem: '000000',
    InventorySpecialStockType: '',
    InventoryStockType: '01',
    MaterialBaseUnit: row.unit,
    MatlWrhsStkQtyInMatlBaseUnit: row.quantity,
  };
}

export function stockEntitySets(ledger: SapSimLedger): Record<string, EntitySetHandler> {
  return {
    A_MatlStkInAcctMod: {
      // SAP leaves out storage locations without stock.
      list: () => ledger.listStock().filter((r) => r.quantity !== 0).map((row) => ({ values: stockValues(row) })),
      find: (key) => {
        const row = ledger.listStock().find((r) => r.material === key.Material && r.plant === key.Plant && r.storageLocation === key.StorageLocation && r.batch === key.Batch);
        return row ? { values: stockValues(row) } : undefined;
      },
      notFound: (key) => failure(404, 'M7/001', `No stock for ${key.Material} in ${key.Plant} ${key.StorageLocation}`),
    },
  };
}

/** The demo plant's BOMs (alternates as an alternative item group) and storage stock, on empty books only. */
export function seedDemoMasterData(ledger: SapSimLedger): void {
  if (!ledger.isEmpty) return;
  const description = (code: string) => DEMO_MATERIALS.find((m) => m.code === code)?.description ?? '';
  for (const bom of DEMO_BOMS) {
    const items: SimBom['items'] = [];
    bom.items.forEach((item, index) => {
      const group = item.alternates?.length ? String(index + 1).padStart(2, '0') : '';
      items.push({ itemNo: item.itemNo, component: item.component, quantity: item.quantity, unit: item.uom, description: description(item.component), alternativeGroup: group, alternativePriority: group ? '01' : '', usageProbability: group ? 100 : 0 });
      item.alternates?.forEach((alt, altIndex) => {
        items.push({
          itemNo: String(Number(item.itemNo) + altIndex + 1).padStart(4, '0'),
          component: alt.material,
          quantity: item.quantity * alt.ratio,
          unit: item.uom,
          description: description(alt.material),
          alternativeGroup: group,
          alternativePriority: String(altIndex + 2).padStart(2, '0'),
          usageProbability: 0,
        });
      });
    });
    ledger.upsertBom({ material: bom.material, plant: DEMO_SITE.id, variant: '1', description: description(bom.material), baseQuantity: 1, baseUnit: 'EA', items });
  }
  for (const row of DEMO_STOCK) {
    if (row.location.startsWith('LINESIDE:')) continue;
    ledger.setStock({ material: row.material, plant: DEMO_SITE.id, storageLocation: row.location, unit: DEMO_MATERIALS.find((m) => m.code === row.material)?.uom ?? 'EA', quantity: row.quantity });
  }
}
