/**
 * Limits on the JSON a target sends, checked before the text is parsed.
 *
 * Nesting: RFC 8259 §9 lets a parser limit the depth of nesting, and every recursive walk of a
 * parsed value (JSON.stringify of the record, redaction, freezing, reporters) would overflow the
 * stack on `[[[[…` 100,000 levels deep. SCIM needs few levels: RFC 7643 §2.3.8 complex attributes
 * hold no complex sub-attributes, so a ListResponse, its resource, an extension, a multi-valued
 * attribute and its items make six. 64 is also where .NET's JSON readers stop by default
 * (System.Text.Json JsonSerializerOptions.MaxDepth, Json.NET JsonSerializerSettings.MaxDepth),
 * which is what Entra's provisioning service is built on [INF: its serializer is undocumented].
 */
import { formatCount } from '../text/numbers';

/** Deepest nesting of arrays and objects a response body may have and still be parsed. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * The deepest nesting of `[`/`{` in JSON text, brackets inside strings not counted: one pass, no
 * recursion and no allocation, so it is safe on any text the response cap lets through. Text that
 * is not JSON gets a number too; JSON.parse judges it afterwards.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
}

/** `response body nests 100,000 levels, more than the limit of 64`. */
export function describeNesting(depth: number): string {
  return `response body nests ${formatCount(depth)} levels, more than the limit of ${MAX_JSON_DEPTH} (RFC 8259 §9); it was kept unparsed`;
}
