// Checks a JSON payload for an OData V2 create or update against an EDMX
// entity type: every property must exist, carry the JSON type the Edm type
// needs on the wire (decimals as strings, dates as /Date(ms)/ or ISO, booleans
// as booleans), fit its MaxLength/Precision/Scale, and nested deep-insert
// navigations must hold entities of the target type. Used by the contract
// tests (what the adapter sends) and by the simulator (what it accepts).
import { isODataDate } from './odata-values';
import { unqualified, type EdmxEntityType, type EdmxModel, type EdmxProperty } from './edmx-reader';

export interface PayloadProblem {
  /** Dotted path in the payload, e.g. to_MaterialDocumentItem[0].Material. */
  path: string;
  /** What is wrong, worded like a Gateway error. */
  message: string;
  kind: 'unknown-property' | 'wrong-type' | 'too-long' | 'not-creatable' | 'not-updatable' | 'bad-navigation';
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$/;
const EDM_TIME = /^PT(\d{1,2}H)?(\d{1,2}M)?(\d{1,2}(\.\d+)?S)?$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function checkDecimal(property: EdmxProperty, value: string): string | null {
  if (!DECIMAL.test(value)) return `expects an Edm.Decimal string like "5.000", got ${JSON.stringify(value)}`;
  const [whole, fraction = ''] = value.replace(/^-/, '').split('.');
  if (property.scale !== undefined && fraction.replace(/0+$/, '').length > property.scale) {
    return `allows ${property.scale} decimals, got ${JSON.stringify(value)}`;
  }
  if (property.precision !== undefined && whole.replace(/^0+/, '').length > property.precision - (property.scale ?? 0)) {
    return `allows ${property.precision - (property.scale ?? 0)} digits before the decimal point, got ${JSON.stringify(value)}`;
  }
  return null;
}

/** Null when the value suits the property, else what is wrong with it. */
export function checkValue(property: EdmxProperty, value: unknown): { message: string; kind: PayloadProblem['kind'] } | null {
  if (value === null) return property.nullable ? null : { message: 'may not be null', kind: 'wrong-type' };
  const wrong = (expected: string) => ({ message: `expects ${expected}, got ${JSON.stringify(value)}`, kind: 'wrong-type' as const });
  switch (property.type) {
    case 'Edm.String':
      if (typeof value !== 'string') return wrong('a string');
      if (property.maxLength !== undefined && value.length > property.maxLength) {
        return { message: `is at most ${property.maxLength} characters, got ${value.length}`, kind: 'too-long' };
      }
      return null;
    case 'Edm.Decimal': {
      if (typeof value !== 'string') return wrong('an Edm.Decimal as a string');
      const problem = checkDecimal(property, value);
      return problem ? { message: problem, kind: 'wrong-type' } : null;
    }
    case 'Edm.Boolean':
      return typeof value === 'boolean' ? null : wrong('true or false');
    case 'Edm.DateTime':
    case 'Edm.DateTimeOffset':
      return typeof value === 'string' && (isODataDate(value) || ISO_DATE_TIME.test(value) || Date.parse(value) > 0) ? null : wrong('/Date(ms)/ or an ISO date-time');
    case 'Edm.Time':
      return typeof value === 'string' && EDM_TIME.test(value) ? null : wrong('an Edm.Time like PT10H15M00S');
    case 'Edm.Guid':
      return typeof value === 'string' && GUID.test(value) ? null : wrong('a GUID string');
    case 'Edm.Byte':
    case 'Edm.Int16':
    case 'Edm.Int32':
      return typeof value === 'number' && Number.isInteger(value) ? null : wrong('an integer');
    case 'Edm.Int64':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? null : wrong('an Edm.Int64 as a string');
    case 'Edm.Double':
    case 'Edm.Single':
      return typeof value === 'number' || (typeof value === 'string' && DECIMAL.test(value)) ? null : wrong('a number');
    default:
      return null;
  }
}

/** The entity type an entity set holds. */
export function entityTypeOfSet(model: EdmxModel, entitySet: string): EdmxEntityType | undefined {
  const qualified = model.entitySets.get(entitySet);
  return qualified ? model.entityTypes.get(unqualified(qualified)) : undefined;
}

/**
 * Checks `payload` as the body of a create (deep insert allowed) or an update
 * of `type`. Properties SAP marks sap:creatable/updatable="false" are refused;
 * `readOnly` names further ones the caller knows the service refuses.
 */
export function checkPayload(
  model: EdmxModel,
  type: EdmxEntityType,
  payload: Record<string, unknown>,
  options: { mode: 'create' | 'update'; readOnly?: Set<string>; path?: string } = { mode: 'create' },
): PayloadProblem[] {
  const problems: PayloadProblem[] = [];
  const properties = new Map(type.properties.map((p) => [p.name, p]));
  const navigations = new Map(type.navigationProperties.map((n) => [n.name, n]));
  const prefix = options.path ? `${options.path}.` : '';
  for (const [name, value] of Object.entries(payload)) {
    if (name === '__metadata') continue;
    const path = `${prefix}${name}`;
    const property = properties.get(name);
    if (property) {
      const refused = options.readOnly?.has(name) || (options.mode === 'create' ? !property.creatable : !property.updatable);
      if (refused) {
        problems.push({ path, message: `Property '${name}' of ${type.name} cannot be ${options.mode === 'create' ? 'set on create' : 'changed'}`, kind: options.mode === 'create' ? 'not-creatable' : 'not-updatable' });
        continue;
      }
      const problem = checkValue(property, value);
      if (problem) problems.push({ path, message: `Property '${name}' ${problem.message}`, kind: problem.kind });
      continue;
    }
    const navigation = navigations.get(name);
    if (navigation) {
      if (options.mode === 'update') {
        problems.push({ path, message: `Navigation property '${name}' cannot be changed by an update`, kind: 'bad-navigation' });
        continue;
      }
      const target = model.entityTypes.get(unqualified(navigation.toType));
      // Deep insert: a bare array or {"results": [...]} for to-many, an object for to-one.
      const entries = Array.isArray(value)
        ? value
        : typeof value === 'object' && value !== null && 'results' in value && Array.isArray((value as { results: unknown }).results)
          ? (value as { results: unknown[] }).results
          : navigation.toMultiplicity !== '*' && typeof value === 'object' && value !== null
            ? [value]
            : null;
      if (!target || entries === null) {
        problems.push({ path, message: `Navigation property '${name}' needs ${navigation.toMultiplicity === '*' ? 'an array or {"results": [...]}' : 'an object'}`, kind: 'bad-navigation' });
        continue;
      }
      entries.forEach((entry, index) => {
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
          problems.push({ path: `${path}[${index}]`, message: `Entries of '${name}' must be objects`, kind: 'bad-navigation' });
          return;
        }
        problems.push(...checkPayload(model, target, entry as Record<string, unknown>, { mode: 'create', path: `${path}[${index}]` }));
      });
      continue;
    }
    problems.push({ path, message: `Property '${name}' is invalid: not in ${type.name}`, kind: 'unknown-property' });
  }
  return problems;
}
