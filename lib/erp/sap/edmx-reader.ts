// A small reader for OData V2 EDMX ($metadata) documents. It understands only
// what we need: entity types (key, properties, navigation properties), complex
// types, entity sets and function imports. SAP's $metadata is machine-written
// and regular (attributes in double quotes, no CDATA, no comments inside
// elements), so regular expressions are enough and we avoid an XML dependency.
export interface EdmxProperty {
  name: string;
  type: string;
  nullable: boolean;
  maxLength?: number;
  precision?: number;
  scale?: number;
  concurrencyMode?: string;
  /** False where SAP marks the property sap:creatable="false" / sap:updatable="false". */
  creatable: boolean;
  updatable: boolean;
}

export interface EdmxNavigationProperty {
  name: string;
  /** Qualified name of the target entity type, e.g. API_PRODUCTION_ORDER_2_SRV.A_ProductionOrderComponent_2Type. */
  toType: string;
  toMultiplicity: string;
}

export interface EdmxEntityType {
  name: string;
  qualifiedName: string;
  key: string[];
  properties: EdmxProperty[];
  navigationProperties: EdmxNavigationProperty[];
}

export interface EdmxComplexType {
  name: string;
  qualifiedName: string;
  properties: EdmxProperty[];
}

export interface EdmxFunctionImport {
  name: string;
  returnType: string | null;
  httpMethod: string | null;
  entitySet: string | null;
  parameters: EdmxProperty[];
}

export interface EdmxModel {
  namespace: string;
  entityTypes: Map<string, EdmxEntityType>;
  complexTypes: Map<string, EdmxComplexType>;
  /** Entity set name → qualified entity type name. */
  entitySets: Map<string, string>;
  /** Entity set name → what SAP allows on it (sap:creatable/updatable/deletable, true when not said). */
  entitySetCapabilities: Map<string, { creatable: boolean; updatable: boolean; deletable: boolean }>;
  functionImports: Map<string, EdmxFunctionImport>;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos);/g, (_m, name: string) => XML_ENTITIES[name] ?? _m);
}

function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*"([^"]*)"/g)) {
    attributes.set(match[1], decodeXml(match[2]));
  }
  return attributes;
}

function optionalInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

// `<Property ` with a space so that PropertyRef and PropertyValue (annotations) do not match.
function readProperties(body: string, tag: 'Property' | 'Parameter'): EdmxProperty[] {
  const pattern = new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g');
  const properties: EdmxProperty[] = [];
  for (const match of body.matchAll(pattern)) {
    const a = readAttributes(match[1]);
    const name = a.get('Name');
    const type = a.get('Type');
    if (!name || !type) continue;
    properties.push({
      name,
      type,
      nullable: a.get('Nullable') !== 'false',
      maxLength: optionalInt(a.get('MaxLength')),
      precision: optionalInt(a.get('Precision')),
      scale: optionalInt(a.get('Scale')),
      concurrencyMode: a.get('ConcurrencyMode'),
      creatable: a.get('sap:creatable') !== 'false',
      updatable: a.get('sap:updatable') !== 'false',
    });
  }
  return properties;
}

export function parseEdmx(xml: string): EdmxModel {
  const schemaMatch = /<Schema\s([^>]*)>/.exec(xml);
  const namespace = schemaMatch ? (readAttributes(schemaMatch[1]).get('Namespace') ?? '') : '';
  if (!namespace) throw new Error('EDMX has no <Schema Namespace="...">');

  // Associations first: navigation properties name a relationship and a role,
  // and only the association says which entity type sits at that role.
  const roleTypes = new Map<string, { type: string; multiplicity: string }>();
  for (const match of xml.matchAll(/<Association\s([^>]*)>([\s\S]*?)<\/Association>/g)) {
    const associationName = readAttributes(match[1]).get('Name');
    if (!associationName) continue;
    for (const end of match[2].matchAll(/<End\s([^>]*?)\/?>/g)) {
      const a = readAttributes(end[1]);
      const role = a.get('Role');
      const type = a.get('Type');
      if (role && type) roleTypes.set(`${namespace}.${associationName}#${role}`, { type, multiplicity: a.get('Multiplicity') ?? '' });
    }
  }

  const entityTypes = new Map<string, EdmxEntityType>();
  for (const match of xml.matchAll(/<EntityType\s([^>]*)>([\s\S]*?)<\/EntityType>/g)) {
    const name = readAttributes(match[1]).get('Name');
    if (!name) continue;
    const body = match[2];
    const keyBlock = /<Key>([\s\S]*?)<\/Key>/.exec(body);
    const key = keyBlock ? [...keyBlock[1].matchAll(/<PropertyRef\s([^>]*?)\/?>/g)].map((m) => readAttributes(m[1]).get('Name') ?? '') : [];
    const navigationProperties: EdmxNavigationProperty[] = [];
    for (const nav of body.matchAll(/<NavigationProperty\s([^>]*?)\/?>/g)) {
      const a = readAttributes(nav[1]);
      const navName = a.get('Name');
      const relationship = a.get('Relationship');
      const toRole = a.get('ToRole');
      if (!navName || !relationship || !toRole) continue;
      const target = roleTypes.get(`${relationship}#${toRole}`);
      navigationProperties.push({ name: navName, toType: target?.type ?? '', toMultiplicity: target?.multiplicity ?? '' });
    }
    entityTypes.set(name, {
      name,
      qualifiedName: `${namespace}.${name}`,
      key: key.filter(Boolean),
      properties: readProperties(body, 'Property'),
      navigationProperties,
    });
  }

  const complexTypes = new Map<string, EdmxComplexType>();
  for (const match of xml.matchAll(/<ComplexType\s([^>]*)>([\s\S]*?)<\/ComplexType>/g)) {
    const name = readAttributes(match[1]).get('Name');
    if (!name) continue;
    complexTypes.set(name, { name, qualifiedName: `${namespace}.${name}`, properties: readProperties(match[2], 'Property') });
  }

  const entitySets = new Map<string, string>();
  const entitySetCapabilities = new Map<string, { creatable: boolean; updatable: boolean; deletable: boolean }>();
  for (const match of xml.matchAll(/<EntitySet\s([^>]*?)\/?>/g)) {
    const a = readAttributes(match[1]);
    const name = a.get('Name');
    const type = a.get('EntityType');
    if (!name || !type) continue;
    entitySets.set(name, type);
    entitySetCapabilities.set(name, {
      creatable: a.get('sap:creatable') !== 'false',
      updatable: a.get('sap:updatable') !== 'false',
      deletable: a.get('sap:deletable') !== 'false',
    });
  }

  const functionImports = new Map<string, EdmxFunctionImport>();
  // Either self-closing (no parameters) or with a body of <Parameter/> elements.
  for (const match of xml.matchAll(/<FunctionImport\s([^>]*?)(?:\/>|>([\s\S]*?)<\/FunctionImport>)/g)) {
    const a = readAttributes(match[1]);
    const name = a.get('Name');
    if (!name) continue;
    functionImports.set(name, {
      name,
      returnType: a.get('ReturnType') ?? null,
      httpMethod: a.get('m:HttpMethod') ?? null,
      entitySet: a.get('EntitySet') ?? null,
      parameters: match[2] ? readProperties(match[2], 'Parameter') : [],
    });
  }

  return { namespace, entityTypes, complexTypes, entitySets, entitySetCapabilities, functionImports };
}

/** The unqualified name of a qualified EDM name (`NS.Type` → `Type`). */
export function unqualified(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(dot + 1);
}
