import { SaxesParser } from 'saxes';

/** An XML element as the tests look at it: namespace, local name, attributes, children, text. */
export interface XmlNode {
  uri: string;
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses with namespaces (so a malformed or unescaped document fails the test here). */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { uri: '', name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [key, attr] of Object.entries(tag.attributes)) {
      attributes[key] = typeof attr === 'string' ? attr : attr.value;
    }
    const node: XmlNode = {
      uri: tag.uri ?? '',
      name: tag.local ?? tag.name,
      attributes,
      children: [],
      text: '',
    };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root.children[0]!;
}

/** Every element below `node` with this local name, in document order. */
export function all(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const visit = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      visit(c);
    }
  };
  visit(node);
  return out;
}

export function textOf(node: XmlNode, name: string): string | undefined {
  return all(node, name)[0]?.text;
}

/** The SRU diagnostics in a response: [number, details]. */
export function diagnostics(node: XmlNode): [number, string | undefined][] {
  return all(node, 'diagnostic').map((d) => [
    Number(textOf(d, 'uri')?.replace('info:srw/diagnostic/1/', '')),
    textOf(d, 'details'),
  ]);
}
