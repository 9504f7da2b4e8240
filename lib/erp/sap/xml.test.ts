import { describe, expect, it } from 'vitest';
import { parseXml, serializeXml, textAt, XmlParseError } from './xml';

describe('parseXml', () => {
  it('reads prefixed names, attributes, entities and CDATA', () => {
    const root = parseXml('<?xml version="1.0"?><!-- c --><a:Root xmlns:a="urn:x" k=\'v\'><b>1 &amp; 2</b><c><![CDATA[<raw>]]></c><d/></a:Root>');
    expect(root).toMatchObject({ name: 'Root', prefix: 'a', attributes: { 'xmlns:a': 'urn:x', k: 'v' } });
    expect(textAt(root, 'b')).toBe('1 & 2');
    expect(textAt(root, 'c')).toBe('<raw>');
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c', 'd']);
  });

  it('refuses malformed documents and DTDs', () => {
    for (const bad of ['<a><b></a>', '<a>', '<!DOCTYPE x><a/>', 'text', '<a/><b/>']) expect(() => parseXml(bad), bad).toThrow(XmlParseError);
  });

  it('round-trips what serializeXml writes', () => {
    const xml = serializeXml({ name: 'x', attributes: { q: '"' }, children: [{ name: 'y', text: "<'&>" }, undefined] });
    expect(textAt(parseXml(xml), 'y')).toBe("<'&>");
    expect(parseXml(xml).attributes.q).toBe('"');
  });
});
