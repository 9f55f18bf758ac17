/**
 * A small strict XML 1.0 reader for checking junit.xml: it rejects anything a conforming parser
 * would (bad characters, unescaped & or <, mismatched or duplicate tags, duplicate attributes,
 * text after the root) and returns the element tree with entities decoded.
 */

export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** Character data directly inside this element, decoded. */
  readonly text: string;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlCodePoint(code: number): boolean {
  return (
    code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function parseXmlStrict(xml: string): XmlNode {
  if (!XML_CHAR.test(xml)) throw new Error('document holds a character XML 1.0 does not allow');
  let pos = 0;

  const fail: (message: string) => never = (message) => {
    const line = xml.slice(0, pos).split('\n').length;
    throw new Error(`${message} at line ${line} (offset ${pos})`);
  };

  const skipSpace = (): void => {
    while (pos < xml.length && /[ \t\r\n]/.test(xml[pos])) pos += 1;
  };

  const readName = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(xml);
    if (!match) fail('expected a name');
    pos += match[0].length;
    return match[0];
  };

  const decode = (raw: string, inAttribute: boolean): string => {
    if (raw.includes('<')) fail(`"<" inside ${inAttribute ? 'an attribute value' : 'text'}`);
    if (!inAttribute && raw.includes(']]>')) fail('"]]>" inside text');
    return raw.replace(/&([^;]*);?/g, (whole, body: string) => {
      if (!whole.endsWith(';')) fail(`unterminated reference "${whole}"`);
      if (body in PREDEFINED) return PREDEFINED[body];
      const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
      if (!numeric) fail(`unknown entity "&${body};"`);
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2], 10);
      if (!isXmlCodePoint(code)) fail(`character reference to a character XML 1.0 forbids: &${body};`);
      return String.fromCodePoint(code);
    });
  };

  const readElement = (): XmlNode => {
    if (xml[pos] !== '<') fail('expected "<"');
    pos += 1;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (xml[pos] === '>') {
        pos += 1;
        break;
      }
      if (pos === before) fail('expected whitespace before an attribute');
      const key = readName();
      skipSpace();
      if (xml[pos] !== '=') fail(`attribute ${key} has no "="`);
      pos += 1;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") fail(`attribute ${key} is not quoted`);
      const end = xml.indexOf(quote, pos + 1);
      if (end < 0) fail(`attribute ${key} is not closed`);
      if (key in attributes) fail(`duplicate attribute ${key}`);
      attributes[key] = decode(xml.slice(pos + 1, end), true);
      pos = end + 1;
    }
    const children: XmlNode[] = [];
    let text = '';
    for (;;) {
      const next = xml.indexOf('<', pos);
      if (next < 0) fail(`element ${name} is not closed`);
      text += decode(xml.slice(pos, next), false);
      pos = next;
      if (xml.startsWith('</', pos)) {
        pos += 2;
        const closing = readName();
        if (closing !== name) fail(`closing tag </${closing}> does not match <${name}>`);
        skipSpace();
        if (xml[pos] !== '>') fail(`closing tag </${closing}> is not closed`);
        pos += 1;
        return { name, attributes, children, text };
      }
      if (xml.startsWith('<!--', pos)) {
        const end = xml.indexOf('-->', pos);
        if (end < 0) fail('comment is not closed');
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos);
        if (end < 0) fail('CDATA section is not closed');
        text += xml.slice(pos + 9, end);
        pos = end + 3;
        continue;
      }
      children.push(readElement());
    }
  };

  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('XML declaration is not closed');
    if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(xml.slice(0, end + 2))) {
      fail('malformed XML declaration');
    }
    pos = end + 2;
  }
  skipSpace();
  const root = readElement();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

/** Every descendant element with this name, depth first. */
export function findAll(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  for (const child of node.children) {
    if (child.name === name) out.push(child);
    out.push(...findAll(child, name));
  }
  return out;
}
