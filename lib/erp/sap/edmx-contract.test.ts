// Contract test: every name the connector puts on the wire or reads from it
// exists in the EDMX of API_PRODUCTION_ORDER_2_SRV, with the Edm type our
// parsing assumes. The EDMX is the source of truth (PROTOCOL-NOTES: [contract]).
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractFile } from '@/lib/erp/contracts-dir';
import { parseEdmx, unqualified, type EdmxModel } from './edmx-reader';
import {
  COMPONENT_ENTITY_TYPE,
  COMPONENT_NAVIGATION,
  COMPONENT_PROPERTIES,
  FILTER_PROPERTIES,
  FUNCTION_MESSAGE_PROPERTIES,
  OPERATION_ENTITY_TYPE,
  OPERATION_NAVIGATION,
  OPERATION_PROPERTIES,
  ORDER_BY_PROPERTY,
  ORDER_ENTITY_SET,
  ORDER_ENTITY_TYPE,
  ORDER_PROPERTIES,
  ORDER_SCOPE_SELECT,
  ORDER_SELECT,
  RELEASE_FUNCTION,
  RELEASE_PARAMETER,
  RELEASE_RETURN_TYPE,
  SERVICE_NAME,
  sapComponentSchema,
  sapFunctionMessageSchema,
  sapOperationSchema,
  sapProductionOrderSchema,
} from './production-order-schema';

// The contract lives beside the project (../shared); CI checkouts have it too.
const EDMX_PATH = contractFile('sap', 'odata-v2', 'API_PRODUCTION_ORDER_2_SRV.edmx') ?? '';

it('finds the SAP contract files', () => {
  expect(existsSync(EDMX_PATH), 'set ERP_CONTRACTS_DIR to the folder holding sap/odata-v2').toBe(true);
});

function schemaFields(shape: Record<string, unknown>): string[] {
  return Object.keys(shape).filter((k) => k !== '__metadata');
}

describe.skipIf(!existsSync(EDMX_PATH))('API_PRODUCTION_ORDER_2_SRV contract', () => {
  let model: EdmxModel;
  beforeAll(() => {
    model = parseEdmx(readFileSync(EDMX_PATH, 'utf8'));
  });

  function entityType(name: string) {
    const type = model.entityTypes.get(name);
    if (!type) throw new Error(`EDMX has no entity type ${name}`);
    return type;
  }

  function expectProperties(typeName: string, expected: Record<string, string>) {
    const properties = new Map(entityType(typeName).properties.map((p) => [p.name, p.type]));
    for (const [name, type] of Object.entries(expected)) {
      expect(properties.has(name), `${typeName}.${name} exists`).toBe(true);
      expect(properties.get(name), `${typeName}.${name} type`).toBe(type);
    }
  }

  it('has the namespace and the entity set of production orders', () => {
    expect(model.namespace).toBe(SERVICE_NAME);
    expect(model.entitySets.get(ORDER_ENTITY_SET)).toBe(`${SERVICE_NAME}.${ORDER_ENTITY_TYPE}`);
    expect(entityType(ORDER_ENTITY_TYPE).key).toEqual(['ManufacturingOrder']);
  });

  it('declares every order property we read with the Edm type we parse', () => {
    expectProperties(ORDER_ENTITY_TYPE, ORDER_PROPERTIES);
    // LastChangeDateTime is the concurrency token (ETag source).
    const lastChange = entityType(ORDER_ENTITY_TYPE).properties.find((p) => p.name === 'LastChangeDateTime');
    expect(lastChange?.concurrencyMode).toBe('Fixed');
  });

  it('has no work-center property on the order header, so it must come from the operations', () => {
    expect(entityType(ORDER_ENTITY_TYPE).properties.some((p) => p.name === 'WorkCenter')).toBe(false);
    expect(entityType(OPERATION_ENTITY_TYPE).properties.some((p) => p.name === 'WorkCenter')).toBe(true);
  });

  it('navigates to the component and operation types we parse', () => {
    const navs = new Map(entityType(ORDER_ENTITY_TYPE).navigationProperties.map((n) => [n.name, n]));
    expect(unqualified(navs.get(COMPONENT_NAVIGATION)?.toType ?? '')).toBe(COMPONENT_ENTITY_TYPE);
    expect(navs.get(COMPONENT_NAVIGATION)?.toMultiplicity).toBe('*');
    expect(unqualified(navs.get(OPERATION_NAVIGATION)?.toType ?? '')).toBe(OPERATION_ENTITY_TYPE);
    expectProperties(COMPONENT_ENTITY_TYPE, COMPONENT_PROPERTIES);
    expectProperties(OPERATION_ENTITY_TYPE, OPERATION_PROPERTIES);
  });

  it('validates only fields the contract declares (zod schemas match the property lists)', () => {
    expect(schemaFields(sapProductionOrderSchema.shape).sort()).toEqual([...Object.keys(ORDER_PROPERTIES), COMPONENT_NAVIGATION, OPERATION_NAVIGATION].sort());
    expect(schemaFields(sapComponentSchema.shape).sort()).toEqual(Object.keys(COMPONENT_PROPERTIES).sort());
    expect(schemaFields(sapOperationSchema.shape).sort()).toEqual(Object.keys(OPERATION_PROPERTIES).sort());
    expect(Object.keys(sapFunctionMessageSchema.shape).sort()).toEqual(Object.keys(FUNCTION_MESSAGE_PROPERTIES).sort());
  });

  it('filters, sorts and selects on declared properties only', () => {
    const order = entityType(ORDER_ENTITY_TYPE);
    const names = new Set([...order.properties.map((p) => p.name), ...order.navigationProperties.map((n) => n.name)]);
    for (const name of [...FILTER_PROPERTIES, ORDER_BY_PROPERTY, ...ORDER_SELECT.split(','), ...ORDER_SCOPE_SELECT.split(',')]) {
      expect(names.has(name), `${name} is a property or navigation of ${ORDER_ENTITY_TYPE}`).toBe(true);
    }
    // The $filter compares flags with '' and the plant with a string: both must be strings.
    for (const name of FILTER_PROPERTIES) expect(order.properties.find((p) => p.name === name)?.type).toBe('Edm.String');
  });

  it('calls ReleaseOrder with POST and its one parameter, and reads FunctionMessage', () => {
    const release = model.functionImports.get(RELEASE_FUNCTION);
    expect(release).toBeDefined();
    expect(release?.httpMethod).toBe('POST');
    expect(release?.parameters.map((p) => p.name)).toEqual([RELEASE_PARAMETER]);
    expect(release?.parameters[0]?.type).toBe('Edm.String');
    expect(unqualified(release?.returnType ?? '')).toBe(RELEASE_RETURN_TYPE);
    const message = model.complexTypes.get(RELEASE_RETURN_TYPE);
    expect(message).toBeDefined();
    const declared = new Map(message?.properties.map((p) => [p.name, p.type]));
    for (const [name, type] of Object.entries(FUNCTION_MESSAGE_PROPERTIES)) expect(declared.get(name), name).toBe(type);
  });
});
