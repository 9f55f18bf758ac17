/**
 * XML 1.0 output for JUnit. Target responses end up in failure messages, and they may hold
 * anything, so text is made well-formed here: XML 1.0 §2.2 allows only
 * #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF], even as character
 * references, so other characters are replaced by a visible \uXXXX instead of being dropped.
 */

const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Replaces characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF). */
export function replaceInvalidXmlChars(text: string): string {
  return text.replace(INVALID_XML_CHARS, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Character data: & and < must be escaped (XML 1.0 §2.4); > too, so "]]>" can never appear. */
export function escapeXmlText(text: string): string {
  return replaceInvalidXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Attribute values: quotes escaped, and tab/CR/LF written as references because attribute-value
 * normalisation (XML 1.0 §3.3.3) would otherwise turn them into spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string | number | undefined>>;
  readonly children?: readonly (XmlElement | string)[];
}

/** Builds an element; attributes whose value is undefined are left out. */
export function element(
  name: string,
  attributes: Readonly<Record<string, string | number | undefined>> = {},
  children: readonly (XmlElement | string)[] = [],
): XmlElement {
  return { name, attributes, children };
}

function renderAttributes(attributes: Readonly<Record<string, string | number | undefined>> | undefined): string {
  if (!attributes) return '';
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(String(value))}"`)
    .join('');
}

function renderNode(node: XmlElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  const children = node.children ?? [];
  const open = `${indent}<${node.name}${renderAttributes(node.attributes)}`;
  if (children.length === 0) {
    out.push(`${open}/>`);
    return;
  }
  if (children.every((child) => typeof child === 'string')) {
    // Text content is written as is (no indentation added), so messages keep their line breaks.
    out.push(`${open}>${children.map((child) => escapeXmlText(child as string)).join('')}</${node.name}>`);
    return;
  }
  out.push(`${open}>`);
  for (const child of children) {
    if (typeof child === 'string') out.push(`${indent}  ${escapeXmlText(child)}`);
    else renderNode(child, depth + 1, out);
  }
  out.push(`${indent}</${node.name}>`);
}

/** A complete UTF-8 document with its XML declaration. */
export function renderXmlDocument(root: XmlElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  renderNode(root, 0, out);
  return `${out.join('\n')}\n`;
}
