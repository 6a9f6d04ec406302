import { escapeXmlAttr, escapeXmlText } from '../../marc/writers/xml-escape';

/**
 * A small XML writer (a fragment, or a whole document with XmlWriter) for the protocols' responses
 * (SRU, OAI-PMH): every text and attribute value goes through the MARCXML writer's escaping, so no value reaches the document unescaped. `element` writes a
 * whole element; `open`/`close` nest; `raw` is only for XML another writer made (a record).
 */
export class XmlFragment {
  protected readonly parts: string[] = [];
  private readonly stack: string[] = [];

  open(name: string, attrs: Record<string, string | undefined> = {}): this {
    this.parts.push(`<${name}${attributes(attrs)}>`);
    this.stack.push(name);
    return this;
  }

  close(): this {
    const name = this.stack.pop();
    if (name === undefined) throw new Error('XmlWriter: close() without open()');
    this.parts.push(`</${name}>`);
    return this;
  }

  /** `<name>text</name>`; nothing at all when the value is undefined. */
  element(
    name: string,
    value: string | number | undefined,
    attrs: Record<string, string | undefined> = {},
  ): this {
    if (value === undefined) return this;
    this.parts.push(`<${name}${attributes(attrs)}>${escapeXmlText(String(value))}</${name}>`);
    return this;
  }

  empty(name: string, attrs: Record<string, string | undefined> = {}): this {
    this.parts.push(`<${name}${attributes(attrs)}/>`);
    return this;
  }

  /** Escaped text inside the open element (recordPacking=string). */
  text(value: string): this {
    this.parts.push(escapeXmlText(value));
    return this;
  }

  /** Well-formed XML made by another writer (a MARCXML or DC record). */
  raw(xml: string): this {
    this.parts.push(xml);
    return this;
  }

  toString(): string {
    if (this.stack.length > 0) throw new Error(`XmlWriter: <${this.stack.join('>, <')}> left open`);
    return this.parts.join('');
  }
}

/** A whole document: the XML declaration, then the fragment. */
export class XmlWriter extends XmlFragment {
  constructor() {
    super();
    this.parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  }

  override toString(): string {
    return `${super.toString()}\n`;
  }
}

function attributes(attrs: Record<string, string | undefined>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined) out += ` ${name}="${escapeXmlAttr(value)}"`;
  }
  return out;
}
