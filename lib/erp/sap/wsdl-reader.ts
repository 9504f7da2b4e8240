// A small reader for the XML Schema inside SAP's journal-entry WSDL, and a
// checker that walks an XML element against it: element names, their order
// in the xsd:sequence, required elements (minOccurs), repetition (maxOccurs)
// and the length facets of simple types. Enough to prove that the SOAP body
// we send uses the WSDL's element names, and for the simulator to refuse one
// that does not. SAP's ES schemas are regular (named complex types with one
// sequence, unqualified child elements), which is all this understands.
import type { XmlElement } from './xml';

export interface XsdElement {
  name: string;
  /** Type name without its prefix. */
  type: string;
  minOccurs: number;
  maxOccurs: number;
}

export interface XsdComplexType {
  name: string;
  elements: XsdElement[];
  attributes: string[];
  /** For simpleContent: the base simple type of the text. */
  simpleBase: string | null;
}

export interface XsdSimpleType {
  name: string;
  base: string;
  maxLength?: number;
  minLength?: number;
  length?: number;
  pattern?: string;
}

export interface WsdlModel {
  targetNamespace: string;
  /** Global elements: name → type. */
  elements: Map<string, string>;
  complexTypes: Map<string, XsdComplexType>;
  simpleTypes: Map<string, XsdSimpleType>;
  soapAction: string | null;
  address: string | null;
}

const strip = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

function attribute(source: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(` ${source}`)?.[1];
}

function occurs(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === 'unbounded') return Number.POSITIVE_INFINITY;
  return Number(value);
}

export function parseWsdl(xml: string): WsdlModel {
  const schema = /<xsd:schema\s([^>]*)>([\s\S]*?)<\/xsd:schema>/.exec(xml);
  if (!schema) throw new Error('the WSDL holds no xsd:schema');
  const body = schema[2];
  const complexTypes = new Map<string, XsdComplexType>();
  for (const match of body.matchAll(/<xsd:complexType name="([^"]+)">([\s\S]*?)<\/xsd:complexType>/g)) {
    const [, name, inner] = match;
    const withoutAnnotations = inner.replace(/<xsd:annotation>[\s\S]*?<\/xsd:annotation>/g, '');
    // Only the direct sequence: nested anonymous types do not occur in these schemas.
    const elements: XsdElement[] = [];
    for (const e of withoutAnnotations.matchAll(/<xsd:element\s([^>]*?)\/?>/g)) {
      const a = e[1];
      const elementName = attribute(a, 'name');
      if (!elementName) continue;
      elements.push({
        name: elementName,
        type: strip(attribute(a, 'type') ?? 'xsd:string'),
        minOccurs: occurs(attribute(a, 'minOccurs'), 1),
        maxOccurs: occurs(attribute(a, 'maxOccurs'), 1),
      });
    }
    const attributes = [...withoutAnnotations.matchAll(/<xsd:attribute\s([^>]*?)\/?>/g)].map((m) => attribute(m[1], 'name') ?? '').filter(Boolean);
    const extension = /<xsd:(?:extension|restriction)\s+base="([^"]+)"/.exec(withoutAnnotations);
    const simpleBase = /<xsd:simpleContent>/.test(withoutAnnotations) && extension ? strip(extension[1]) : null;
    complexTypes.set(name, { name, elements, attributes, simpleBase });
  }
  const simpleTypes = new Map<string, XsdSimpleType>();
  for (const match of body.matchAll(/<xsd:simpleType name="([^"]+)">([\s\S]*?)<\/xsd:simpleType>/g)) {
    const [, name, inner] = match;
    const base = /<xsd:restriction\s+base="([^"]+)"/.exec(inner)?.[1] ?? 'xsd:string';
    const facet = (f: string) => {
      const v = new RegExp(`<xsd:${f}\\s+value="([^"]*)"`).exec(inner)?.[1];
      return v === undefined ? undefined : v;
    };
    simpleTypes.set(name, {
      name,
      base: strip(base),
      maxLength: facet('maxLength') === undefined ? undefined : Number(facet('maxLength')),
      minLength: facet('minLength') === undefined ? undefined : Number(facet('minLength')),
      length: facet('length') === undefined ? undefined : Number(facet('length')),
      pattern: facet('pattern'),
    });
  }
  const elements = new Map<string, string>();
  // Global elements are direct children of the schema: <xsd:element name=".." type=".."/>.
  for (const match of body.matchAll(/<xsd:element name="([^"]+)" type="([^"]+)"\s*\/>/g)) {
    if (!elements.has(match[1])) elements.set(match[1], strip(match[2]));
  }
  return {
    targetNamespace: attribute(schema[1], 'targetNamespace') ?? '',
    elements,
    complexTypes,
    simpleTypes,
    soapAction: /soap:operation soapAction="([^"]+)"/.exec(xml)?.[1] ?? null,
    address: /soap:address location="([^"]+)"/.exec(xml)?.[1] ?? null,
  };
}

export interface XmlProblem {
  path: string;
  message: string;
}

function checkText(model: WsdlModel, typeName: string, text: string, path: string, problems: XmlProblem[]): void {
  const simple = model.simpleTypes.get(typeName);
  if (!simple) return;
  if (simple.maxLength !== undefined && text.length > simple.maxLength) problems.push({ path, message: `${text.length} characters, at most ${simple.maxLength} allowed` });
  if (simple.minLength !== undefined && text.length < simple.minLength) problems.push({ path, message: `empty, at least ${simple.minLength} characters needed` });
  if (simple.length !== undefined && text.length !== simple.length) problems.push({ path, message: `must be exactly ${simple.length} characters` });
  if (simple.pattern !== undefined && !new RegExp(`^(?:${simple.pattern})$`).test(text)) problems.push({ path, message: `"${text}" does not match ${simple.pattern}` });
}

/** Walks `element` against the complex type `typeName`. */
export function checkXmlElement(model: WsdlModel, typeName: string, element: XmlElement, path = element.name): XmlProblem[] {
  const problems: XmlProblem[] = [];
  const complex = model.complexTypes.get(typeName);
  if (!complex) {
    // A simple type: text only.
    if (element.children.length > 0) problems.push({ path, message: `${typeName} holds text, not elements` });
    checkText(model, typeName, element.text, path, problems);
    return problems;
  }
  if (complex.simpleBase) {
    if (element.children.length > 0) problems.push({ path, message: `${typeName} holds text, not elements` });
    for (const name of Object.keys(element.attributes)) {
      if (!complex.attributes.includes(name) && !name.startsWith('xmlns')) problems.push({ path: `${path}@${name}`, message: `attribute ${name} is not declared for ${typeName}` });
    }
    checkText(model, complex.simpleBase, element.text, path, problems);
    return problems;
  }
  let position = 0;
  const counts = new Map<string, number>();
  for (const childElement of element.children) {
    const childPath = `${path}/${childElement.name}`;
    const index = complex.elements.findIndex((e, i) => i >= position && e.name === childElement.name);
    if (index === -1) {
      const known = complex.elements.some((e) => e.name === childElement.name);
      problems.push({ path: childPath, message: known ? `out of order: ${childElement.name} must come earlier in ${typeName}` : `${childElement.name} is not an element of ${typeName}` });
      continue;
    }
    for (const skipped of complex.elements.slice(position, index)) {
      if ((counts.get(skipped.name) ?? 0) < skipped.minOccurs) problems.push({ path: `${path}/${skipped.name}`, message: `${skipped.name} is required in ${typeName}` });
    }
    position = index;
    const declared = complex.elements[index];
    const count = (counts.get(declared.name) ?? 0) + 1;
    counts.set(declared.name, count);
    if (count > declared.maxOccurs) problems.push({ path: childPath, message: `${declared.name} may occur at most ${declared.maxOccurs} time(s)` });
    problems.push(...checkXmlElement(model, declared.type, childElement, childPath));
  }
  for (const rest of complex.elements.slice(position)) {
    if ((counts.get(rest.name) ?? 0) < rest.minOccurs) problems.push({ path: `${path}/${rest.name}`, message: `${rest.name} is required in ${typeName}` });
  }
  return problems;
}
