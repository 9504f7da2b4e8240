// The q= filter of Oracle's REST framework (version ≥2 syntax): comparisons
// (=, <>, <, <=, >, >=, LIKE with % wildcards) joined by and/or, parentheses.
// Attribute names are checked against the resource, so a misspelt one fails
// here the way it fails on a pod.
export class OracleQueryError extends Error {}

type Value = string | number | boolean | null | undefined;
type Literal = { kind: 'string'; value: string } | { kind: 'number'; value: number };
type Op = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'LIKE';

export type QNode = { kind: 'and' | 'or'; left: QNode; right: QNode } | { kind: 'cmp'; attribute: string; op: Op; literal: Literal };

type Token = { kind: 'ident'; text: string } | { kind: 'op'; op: Op } | { kind: 'literal'; literal: Literal } | { kind: 'open' } | { kind: 'close' };

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
        if (i >= text.length) throw new OracleQueryError('unterminated string literal in q');
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i += 1;
          break;
        } else {
          value += text[i];
          i += 1;
        }
      }
      tokens.push({ kind: 'literal', literal: { kind: 'string', value } });
    } else if (/[<>=]/.test(ch)) {
      const two = text.slice(i, i + 2);
      const op = (['<>', '<=', '>='] as const).find((o) => o === two) ?? (ch as Op);
      tokens.push({ kind: 'op', op });
      i += op.length;
    } else if (/[-\d]/.test(ch)) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!match) throw new OracleQueryError(`unexpected '${ch}' in q`);
      tokens.push({ kind: 'literal', literal: { kind: 'number', value: Number(match[0]) } });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const word = /^[A-Za-z_][\w.]*/.exec(text.slice(i))?.[0] ?? ch;
      i += word.length;
      if (word.toUpperCase() === 'LIKE') tokens.push({ kind: 'op', op: 'LIKE' });
      else tokens.push({ kind: 'ident', text: word });
    } else {
      throw new OracleQueryError(`unexpected '${ch}' in q`);
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): QNode {
    const node = this.or();
    if (this.position < this.tokens.length) throw new OracleQueryError('unexpected text after the q expression');
    return node;
  }

  private word(): string | null {
    const t = this.tokens[this.position];
    return t?.kind === 'ident' ? t.text.toLowerCase() : null;
  }

  private or(): QNode {
    let node = this.and();
    while (this.word() === 'or') {
      this.position += 1;
      node = { kind: 'or', left: node, right: this.and() };
    }
    return node;
  }

  private and(): QNode {
    let node = this.primary();
    while (this.word() === 'and') {
      this.position += 1;
      node = { kind: 'and', left: node, right: this.primary() };
    }
    return node;
  }

  private primary(): QNode {
    const t = this.tokens[this.position];
    if (t?.kind === 'open') {
      this.position += 1;
      const node = this.or();
      if (this.tokens[this.position]?.kind !== 'close') throw new OracleQueryError("')' expected in q");
      this.position += 1;
      return node;
    }
    const [attribute, op, literal] = this.tokens.slice(this.position, this.position + 3);
    if (attribute?.kind !== 'ident' || op?.kind !== 'op' || literal?.kind !== 'literal') throw new OracleQueryError('expected <attribute> <op> <value> in q');
    this.position += 3;
    return { kind: 'cmp', attribute: attribute.text, op: op.op, literal: literal.literal };
  }
}

function attributes(node: QNode, into: string[] = []): string[] {
  if (node.kind === 'cmp') into.push(node.attribute);
  else {
    attributes(node.left, into);
    attributes(node.right, into);
  }
  return into;
}

export function parseQ(text: string, known: Set<string>): QNode {
  const node = new Parser(tokenize(text)).parse();
  for (const name of attributes(node)) if (!known.has(name)) throw new OracleQueryError(`Attribute ${name} in the q parameter is not valid`);
  return node;
}

function like(value: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`);
  return regex.test(value);
}

export function evaluateQ(node: QNode, row: Record<string, unknown>): boolean {
  if (node.kind !== 'cmp') return node.kind === 'and' ? evaluateQ(node.left, row) && evaluateQ(node.right, row) : evaluateQ(node.left, row) || evaluateQ(node.right, row);
  const raw = row[node.attribute] as Value;
  if (raw === null || raw === undefined) return node.op === '<>';
  if (node.op === 'LIKE') return like(String(raw), String(node.literal.value));
  const left: string | number = node.literal.kind === 'number' ? Number(raw) : String(raw);
  const right = node.literal.value;
  switch (node.op) {
    case '=':
      return left === right;
    case '<>':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}
