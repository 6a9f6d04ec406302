import { parseCql } from '../../../src/interop/cql/cql-parser';
import type { CqlNode } from '../../../src/interop/cql/cql-ast';
import { CqlError } from '../../../src/interop/cql/cql-error';

/** A compact picture of the tree: clauses as `index relation "term"`, booleans in parentheses. */
function show(node: CqlNode): string {
  if (node.type === 'boolean') {
    const mods = node.modifiers.map((m) => `/${m.name}`).join('');
    return `(${show(node.left)} ${node.op}${mods} ${show(node.right)})`;
  }
  const index = node.index ? `${node.index.name}${node.index.set ? `<${node.index.set}>` : ''} ` : '';
  const mods = node.relationModifiers.map((m) => `/${m.name}${m.comparison ?? ''}${m.value ?? ''}`).join('');
  return `${index}${node.relation}${mods} "${node.term}"`;
}

const tree = (text: string) => show(parseCql(text).root);

function diagnostic(text: string): number {
  try {
    parseCql(text);
  } catch (err) {
    if (err instanceof CqlError) return err.diagnostic;
    throw err;
  }
  throw new Error(`parsed: ${text}`);
}

describe('CQL parser', () => {
  test('when a bare term is given, then it is a clause with the default relation', () => {
    expect(tree('dinosaur')).toBe('= "dinosaur"');
    expect(tree('"complete dinosaur"')).toBe('= "complete dinosaur"');
  });

  test('when an index and a symbol relation are given, then both are kept', () => {
    expect(tree('dc.title = hamlet')).toBe('dc.title = "hamlet"');
    expect(tree('dc.date>=1990')).toBe('dc.date >= "1990"');
    expect(tree('bath.isbn == "0-14-044793-X"')).toBe('bath.isbn == "0-14-044793-X"');
    expect(tree('a <> b')).toBe('a <> "b"');
  });

  test('when a named relation is given in any case or with the cql prefix, then it is lower-cased', () => {
    expect(tree('dc.title ALL "war peace"')).toBe('dc.title all "war peace"');
    expect(tree('dc.title cql.any "war peace"')).toBe('dc.title any "war peace"');
    expect(tree('dc.date within "1990 2000"')).toBe('dc.date within "1990 2000"');
  });

  test('when booleans are mixed, then they group left to right with equal precedence', () => {
    expect(tree('a and b or c')).toBe('((= "a" and = "b") or = "c")');
    expect(tree('a or b and c')).toBe('((= "a" or = "b") and = "c")');
    expect(tree('a or (b and c)')).toBe('(= "a" or (= "b" and = "c"))');
    expect(tree('a NOT b')).toBe('(= "a" not = "b")');
  });

  test('when a boolean word is a quoted term or follows a relation, then it is a term', () => {
    expect(tree('"and"')).toBe('= "and"');
    expect(tree('dc.title = or')).toBe('dc.title = "or"');
  });

  test('when relation and boolean modifiers are given, then they are kept with their values', () => {
    expect(tree('dc.title =/relevant/cql.locale=fr hamlet')).toBe(
      'dc.title =/relevant/cql.locale=fr "hamlet"',
    );
    expect(tree('a prox/unit=word b')).toBe('(= "a" prox/unit = "b")');
  });

  test('when a quoted term holds escaped quotes, then the escapes are kept for the mapper', () => {
    expect(tree('dc.title = "say \\"hi\\""')).toBe('dc.title = "say \\"hi\\""');
  });

  test('when prefixes are assigned, then indexes carry the set, inside the parentheses only', () => {
    const q = parseCql(
      '>x="info:srw/cql-context-set/1/dc-v1.1" x.title = a and (>"urn:d" title = b) and title = c',
    );
    expect(show(q.root)).toBe(
      '((x.title<info:srw/cql-context-set/1/dc-v1.1> = "a" and title<urn:d> = "b") and title = "c")',
    );
  });

  test('when sortBy follows the query, then its keys and modifiers come back', () => {
    const q = parseCql('dinosaur sortBy dc.date/sort.descending dc.title');
    expect(q.sortBy.map((k) => [k.index.name, k.modifiers.map((m) => m.name)])).toEqual([
      ['dc.date', ['sort.descending']],
      ['dc.title', []],
    ]);
  });

  test('when the text is not CQL, then the diagnostic says what kind of mistake', () => {
    expect(diagnostic('')).toBe(10);
    expect(diagnostic('dc.title =')).toBe(10);
    expect(diagnostic('a and')).toBe(10);
    expect(diagnostic('a b')).toBe(10);
    expect(diagnostic('(a and b')).toBe(13);
    expect(diagnostic('a)')).toBe(13);
    expect(diagnostic('"open')).toBe(14);
    expect(diagnostic('a sortby')).toBe(10);
    expect(diagnostic('x'.repeat(1001))).toBe(12);
    expect(diagnostic(`${'('.repeat(25)}a${')'.repeat(25)}`)).toBe(13);
    expect(diagnostic(Array.from({ length: 101 }, (_, i) => `w${i}`).join(' or '))).toBe(38);
  });

  test('when a syntax error is found, then its details give the code point offset', () => {
    try {
      parseCql('éé and )');
      throw new Error('parsed');
    } catch (err) {
      expect((err as CqlError).detail).toBe('7');
      expect((err as CqlError).message).toContain('position 7');
    }
  });
});
