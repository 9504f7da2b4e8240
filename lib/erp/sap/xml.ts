// A small XML reader and writer for the SOAP journal-entry service (and the
// simulator's side of it). SOAP envelopes from SAP are machine-written: no DTD,
// no processing instructions beyond the declaration, CDATA only in free text.
// Names are kept with their prefix stripped (`soap:Body` → `Body`): the WSDL's
// child elements are unqualified, and we match on local names.
export interface XmlElement {
  name: string;
  /** Namespace prefix as written, '' when none. */
  prefix: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside this element (entities decoded, trimmed). */
  text: string;
}

export class XmlParseError extends Error {}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(value: string): string {
  return value.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity] ?? match;
  });
}

export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function splitName(qualified: string): { prefix: string; name: string } {
  const colon = qualified.indexOf(':');
  return colon === -1 ? { prefix: '', name: qualified } : { prefix: qualified.slice(0, colon), name: qualified.slice(colon + 1) };
}

/** Parses a document and returns its root element. Throws XmlParseError on anything malformed. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const textParts = new Map<XmlElement, string[]>();

  const fail = (what: string): never => {
    throw new XmlParseError(`${what} at offset ${i}`);
  };

  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) textParts.get(top)?.push(decodeXml(text));
      else if (text.trim() !== '') fail('text outside the root element');
    }
    if (lt === -1) break;
    i = lt;
    if (source.startsWith('<?', i)) {
      const end = source.indexOf('?>', i);
      if (end === -1) fail('unterminated declaration');
      i = end + 2;
    } else if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i);
      if (end === -1) fail('unterminated CDATA');
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element');
      textParts.get(top)?.push(source.slice(i + 9, end));
      i = end + 3;
    } else if (source.startsWith('<!', i)) {
      fail('DTDs are not accepted');
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      if (end === -1) fail('unterminated end tag');
      const qualified = source.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open) fail(`end tag </${qualified}> without a start tag`);
      const { prefix, name } = splitName(qualified);
      if (open && (open.name !== name || open.prefix !== prefix)) fail(`</${qualified}> closes <${open.prefix ? `${open.prefix}:` : ''}${open.name}>`);
      i = end + 1;
    } else {
      const match = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(i));
      if (!match) fail('malformed start tag');
      const [whole, qualified, rawAttributes, selfClosing] = match as RegExpExecArray;
      const attributes: Record<string, string> = {};
      for (const a of rawAttributes.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[a[1]] = decodeXml(a[2] ?? a[3] ?? '');
      }
      const { prefix, name } = splitName(qualified);
      const element: XmlElement = { name, prefix, attributes, children: [], text: '' };
      textParts.set(element, []);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('a second root element');
      else root = element;
      if (!selfClosing) stack.push(element);
      i += whole.length;
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new XmlParseError('no root element');
  for (const [element, parts] of textParts) element.text = parts.join('').trim();
  return root;
}

export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element?.children.filter((c) => c.name === name) ?? [];
}

/** Text of the first descendant path (`a/b/c`), '' when absent. */
export function textAt(element: XmlElement | undefined, path: string): string {
  let current = element;
  for (const name of path.split('/')) current = child(current, name);
  return current?.text ?? '';
}

/** A node to serialise: an element name with attributes and either text or children. Undefined children are left out. */
export interface XmlNode {
  name: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: (XmlNode | undefined)[];
}

export function serializeXml(node: XmlNode): string {
  const attributes = Object.entries(node.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const inner = node.text !== undefined ? escapeXml(node.text) : (node.children ?? []).filter((c): c is XmlNode => c !== undefined).map(serializeXml).join('');
  return `<${node.name}${attributes}>${inner}</${node.name}>`;
}
