// OData V2 system query options for the simulator: a $filter parser and
// evaluator (comparisons joined by and/or/not, parentheses), $orderby, $top,
// $skip, $select, $expand, $inlinecount. Names are checked against the entity
// type, so a misspelt property fails here the way it fails on Gateway.
import type { EdmxEntityType, EdmxProperty } from '@/lib/erp/sap/edmx-reader';
import { isODataDate, parseODataDate } from '@/lib/erp/sap/odata-values';
import type { WireRecord, WireValue } from './sap-sim-odata';

/** A query the service cannot run; the routes answer 400 with the code and text. */
export class ODataQueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ODataQueryError';
  }
}

// Gateway runtime message class; the numbers are the simulator's own.
const INVALID_QUERY = '/IWBEP/CM_MGW_RT/004';
const UNKNOWN_PROPERTY = '/IWBEP/CM_MGW_RT/022';

type Literal = { kind: 'string'; value: string } | { kind: 'guid'; value: string } | { kind: 'number'; value: number } | { kind: 'datetime'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'null' };
type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: Comparison; property: string; literal: Literal };

type Token = { kind: 'ident'; text: string } | { kind: 'literal'; literal: Literal } | { kind: 'open' } | { kind: 'close' };

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(') {
      tokens.push({ kind: 'open' });
      i += 1;
    } else if (ch === ')') {
      tokens.push({ kind: 'close' });
      i += 1;
    } else if (ch === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new ODataQueryError(INVALID_QUERY, 'Invalid filter: unterminated string literal');
        if (text[i] === "'") {
          // '' inside a literal is an escaped quote.
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text[i];
        i += 1;
      }
      tokens.push({ kind: 'literal', literal: { kind: 'string', value } });
    } else if (/[-\d]/.test(ch)) {
      const match = /^-?\d+(?:\.\d+)?[MmDdLlFf]?/.exec(text.slice(i));
      if (!match) throw new ODataQueryError(INVALID_QUERY, `Invalid filter near '${text.slice(i, i + 10)}'`);
      tokens.push({ kind: 'literal', literal: { kind: 'number', value: Number(match[0].replace(/[MmDdLlFf]$/, '')) } });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][\w/.]*/.exec(text.slice(i));
      const word = match ? match[0] : ch;
      i += word.length;
      if ((word === 'datetime' || word === 'datetimeoffset') && text[i] === "'") {
        const end = text.indexOf("'", i + 1);
        if (end === -1) throw new ODataQueryError(INVALID_QUERY, 'Invalid filter: unterminated datetime literal');
        const raw = text.slice(i + 1, end);
        const ms = Date.parse(/[Zz]|[+-]\d\d:\d\d$/.test(raw) ? raw : `${raw}Z`);
        if (Number.isNaN(ms)) throw new ODataQueryError(INVALID_QUERY, `Invalid filter: bad datetime '${raw}'`);
        tokens.push({ kind: 'literal', literal: { kind: 'datetime', value: ms } });
        i = end + 1;
      } else if (word === 'guid' && text[i] === "'") {
        const end = text.indexOf("'", i + 1);
        if (end === -1) throw new ODataQueryError(INVALID_QUERY, 'Invalid filter: unterminated guid literal');
        const raw = text.slice(i + 1, end);
        if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(raw)) throw new ODataQueryError(INVALID_QUERY, `Invalid filter: bad guid '${raw}'`);
        tokens.push({ kind: 'literal', literal: { kind: 'guid', value: raw.toLowerCase() } });
        i = end + 1;
      } else if (word === 'true' || word === 'false') {
        tokens.push({ kind: 'literal', literal: { kind: 'boolean', value: word === 'true' } });
      } else if (word === 'null') {
        tokens.push({ kind: 'literal', literal: { kind: 'null' } });
      } else {
        tokens.push({ kind: 'ident', text: word });
      }
    } else {
      throw new ODataQueryError(INVALID_QUERY, `Invalid filter: unexpected '${ch}'`);
    }
  }
  return tokens;
}

class FilterParser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    if (this.position < this.tokens.length) throw new ODataQueryError(INVALID_QUERY, 'Invalid filter: unexpected text after the expression');
    return node;
  }

  private peekWord(): string | null {
    const token = this.tokens[this.position];
    return token?.kind === 'ident' ? token.text : null;
  }

  private or(): FilterNode {
    let node = this.and();
    while (this.peekWord() === 'or') {
      this.position += 1;
      node = { kind: 'or', left: node, right: this.and() };
    }
    return node;
  }

  private and(): FilterNode {
    let node = this.unary();
    while (this.peekWord() === 'and') {
      this.position += 1;
      node = { kind: 'and', left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): FilterNode {
    if (this.peekWord() === 'not') {
      this.position += 1;
      return { kind: 'not', operand: this.unary() };
    }
    const token = this.tokens[this.position];
    if (token?.kind === 'open') {
      this.position += 1;
      const node = this.or();
      if (this.tokens[this.position]?.kind !== 'close') throw new ODataQueryError(INVALID_QUERY, "Invalid filter: ')' expected");
      this.position += 1;
      return node;
    }
    return this.comparison();
  }

  private comparison(): FilterNode {
    const property = this.tokens[this.position];
    const op = this.tokens[this.position + 1];
    const literal = this.tokens[this.position + 2];
    if (property?.kind !== 'ident' || op?.kind !== 'ident' || !COMPARISONS.has(op.text) || literal?.kind !== 'literal') {
      throw new ODataQueryError(INVALID_QUERY, 'Invalid filter: expected <property> eq|ne|gt|ge|lt|le <literal>');
    }
    if (this.tokens[this.position + 3]?.kind === 'open') {
      throw new ODataQueryError(INVALID_QUERY, `Invalid filter: function ${property.text} is not supported`);
    }
    this.position += 3;
    return { kind: 'compare', op: op.text as Comparison, property: property.text, literal: literal.literal };
  }
}

function filterProperties(node: FilterNode, into: string[] = []): string[] {
  if (node.kind === 'compare') into.push(node.property);
  else if (node.kind === 'not') filterProperties(node.operand, into);
  else {
    filterProperties(node.left, into);
    filterProperties(node.right, into);
  }
  return into;
}

function unknownProperty(name: string, type: EdmxEntityType): ODataQueryError {
  return new ODataQueryError(UNKNOWN_PROPERTY, `Property ${name} not found in type ${type.name}`);
}

export function parseFilter(text: string, type: EdmxEntityType): FilterNode {
  const node = new FilterParser(tokenize(text)).parse();
  const known = new Set(type.properties.map((p) => p.name));
  for (const name of filterProperties(node)) if (!known.has(name)) throw unknownProperty(name, type);
  return node;
}

function compareValues(op: Comparison, left: number | string | boolean, right: number | string | boolean): boolean {
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}

function comparable(property: EdmxProperty, value: WireValue, literal: Literal): [number | string | boolean, number | string | boolean] | null {
  switch (property.type) {
    case 'Edm.String':
      if (literal.kind !== 'string') throw new ODataQueryError(INVALID_QUERY, `Invalid filter: ${property.name} needs a string literal`);
      return [String(value ?? ''), literal.value];
    case 'Edm.Decimal':
    case 'Edm.Int16':
    case 'Edm.Int32':
    case 'Edm.Int64':
    case 'Edm.Byte':
    case 'Edm.Double':
      if (literal.kind !== 'number') throw new ODataQueryError(INVALID_QUERY, `Invalid filter: ${property.name} needs a number literal`);
      return [Number(value), literal.value];
    case 'Edm.DateTime':
    case 'Edm.DateTimeOffset':
      if (literal.kind !== 'datetime') throw new ODataQueryError(INVALID_QUERY, `Invalid filter: ${property.name} needs a datetime'...' literal`);
      if (typeof value !== 'string' || !isODataDate(value)) return null;
      return [parseODataDate(value).getTime(), literal.value];
    case 'Edm.Guid':
      if (literal.kind !== 'guid') throw new ODataQueryError(INVALID_QUERY, `Invalid filter: ${property.name} needs a guid'...' literal`);
      return [String(value ?? '').toLowerCase(), literal.value];
    case 'Edm.Boolean':
      if (literal.kind !== 'boolean') throw new ODataQueryError(INVALID_QUERY, `Invalid filter: ${property.name} needs true or false`);
      return [value === true, literal.value];
    default:
      throw new ODataQueryError(INVALID_QUERY, `Invalid filter: cannot filter on ${property.name} (${property.type})`);
  }
}

export function evaluateFilter(node: FilterNode, record: WireRecord, properties: Map<string, EdmxProperty>): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, record, properties) && evaluateFilter(node.right, record, properties);
    case 'or':
      return evaluateFilter(node.left, record, properties) || evaluateFilter(node.right, record, properties);
    case 'not':
      return !evaluateFilter(node.operand, record, properties);
    case 'compare': {
      const property = properties.get(node.property);
      if (!property) return false;
      const value = record[node.property] ?? null;
      if (node.literal.kind === 'null') {
        if (node.op === 'eq') return value === null;
        if (node.op === 'ne') return value !== null;
        throw new ODataQueryError(INVALID_QUERY, 'Invalid filter: null only compares with eq or ne');
      }
      const pair = comparable(property, value, node.literal);
      // A null never satisfies a comparison with a value, except ne.
      if (pair === null) return node.op === 'ne';
      return compareValues(node.op, pair[0], pair[1]);
    }
  }
}

export interface OrderBy {
  property: string;
  descending: boolean;
}

export function parseOrderBy(text: string, type: EdmxEntityType): OrderBy[] {
  const known = new Set(type.properties.map((p) => p.name));
  return text.split(',').map((part) => {
    const [property, direction, extra] = part.trim().split(/\s+/);
    if (!property || extra !== undefined || (direction !== undefined && direction !== 'asc' && direction !== 'desc')) {
      throw new ODataQueryError(INVALID_QUERY, `Invalid $orderby '${text}'`);
    }
    if (!known.has(property)) throw unknownProperty(property, type);
    return { property, descending: direction === 'desc' };
  });
}

export function sortRecords(records: WireRecord[], orderBy: OrderBy[]): WireRecord[] {
  return [...records].sort((a, b) => {
    for (const { property, descending } of orderBy) {
      const left = a[property];
      const right = b[property];
      if (left === right) continue;
      // Nulls first, as on HANA with ascending order.
      if (left === null || left === undefined) return descending ? 1 : -1;
      if (right === null || right === undefined) return descending ? -1 : 1;
      const result = left < right ? -1 : 1;
      return descending ? -result : result;
    }
    return 0;
  });
}

export function parseNonNegativeInt(name: string, value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d+$/.test(value)) throw new ODataQueryError(INVALID_QUERY, `Invalid value '${value}' for ${name}`);
  return Number(value);
}

/** $select: property and navigation names of the type; null when absent or '*'. */
export function parseSelect(text: string | null, type: EdmxEntityType): Set<string> | null {
  if (text === null || text.trim() === '' || text.trim() === '*') return null;
  const known = new Set([...type.properties.map((p) => p.name), ...type.navigationProperties.map((n) => n.name)]);
  const names = new Set<string>();
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!known.has(name)) throw unknownProperty(name, type);
    names.add(name);
  }
  return names;
}

/** $expand: navigation names of the type (one level; the simulator has no deeper navigation data). */
export function parseExpand(text: string | null, type: EdmxEntityType): string[] {
  if (text === null || text.trim() === '') return [];
  const known = new Set(type.navigationProperties.map((n) => n.name));
  return text.split(',').map((raw) => {
    const name = raw.trim();
    if (name.includes('/')) throw new ODataQueryError(INVALID_QUERY, `Nested $expand '${name}' is not supported by the simulator`);
    if (!known.has(name)) throw new ODataQueryError(UNKNOWN_PROPERTY, `Navigation property ${name} not found in type ${type.name}`);
    return name;
  });
}
