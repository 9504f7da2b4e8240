// The simulator must not invent names: what it serves comes from the EDMX, and
// its built-in fallback and value records use only names the EDMX declares.
import { describe, expect, it } from 'vitest';
import { defaultEdmxPath, loadSimModel, requireEntityType } from './sap-sim-model';
import { componentValues, operationValues, orderValues } from './sap-sim-odata';
import type { SimOrder } from './sap-sim-state';

const ORDER: SimOrder = {
  id: '1000123',
  plant: '1710',
  material: 'VALVE-ASSY-55',
  quantity: 500,
  unit: 'EA',
  workCenter: 'WC-ASSY-05',
  plannedStart: '2025-06-01T06:00:00.000Z',
  plannedEnd: '2025-06-02T14:30:00.000Z',
  released: false,
  releasedAt: null,
  markedForDeletion: false,
  createdAt: '2025-05-30T08:00:00.000Z',
  lastChange: '20250530080000',
  reservation: '10000',
  routing: '10000',
  components: [{ item: '0010', material: 'VLV-55', quantity: 500, unit: 'EA', storageLocation: '171A' }],
};

describe('simulator service model', () => {
  const real = loadSimModel();

  it('serves the contract EDMX when it is present', () => {
    expect(real.source).toBe('edmx');
    expect(real.metadataXml).toContain('A_ProductionOrder_2Type');
  });

  it('fills only properties the EDMX declares', () => {
    const check = (typeName: string, record: Record<string, unknown>) => {
      const declared = new Set(requireEntityType(real, typeName).properties.map((p) => p.name));
      for (const name of Object.keys(record)) expect(declared.has(name), `${typeName}.${name}`).toBe(true);
    };
    check('A_ProductionOrder_2Type', orderValues(ORDER, false));
    check('A_ProductionOrderComponent_2Type', componentValues(ORDER)[0]);
    check('A_ProductionOrderOperation_2Type', operationValues(ORDER)[0]);
  });

  it('falls back to a built-in subset whose names and types all exist in the EDMX', () => {
    const fallback = loadSimModel('/nonexistent/API_PRODUCTION_ORDER_2_SRV.edmx');
    expect(fallback.source).toBe('built-in');
    expect(fallback.metadataXml).toContain('built-in subset');
    for (const [name, type] of fallback.edmx.entityTypes) {
      const realType = requireEntityType(real, name);
      const realProps = new Map(realType.properties.map((p) => [p.name, p.type]));
      for (const property of type.properties) expect(realProps.get(property.name), `${name}.${property.name}`).toBe(property.type);
      expect(type.key).toEqual(realType.key);
      const realNavs = new Set(realType.navigationProperties.map((n) => n.name));
      for (const nav of type.navigationProperties) expect(realNavs.has(nav.name), `${name}/${nav.name}`).toBe(true);
    }
    expect(fallback.edmx.functionImports.get('ReleaseOrder')?.parameters.map((p) => p.name)).toEqual(['ManufacturingOrder']);
    expect(fallback.edmx.entitySets.get('A_ProductionOrder_2')).toBe('API_PRODUCTION_ORDER_2_SRV.A_ProductionOrder_2Type');
  });

  it('resolves the contract path from the working directory', () => {
    expect(defaultEdmxPath()).toMatch(/shared\/erp-contracts\/sap\/odata-v2\/API_PRODUCTION_ORDER_2_SRV\.edmx$/);
  });
});
