/**
 * The target's own words about a failure, quoted for a root cause or a diagnosis: its SCIM error
 * detail (RFC 7644 §3.12, with the scimType), else the start of its body. The target is
 * untrusted: the quote is one line of capped text, never markup or a dump.
 */
import { type Exchange } from '../contract/exchange';
import { responseText } from './response-text';

/** The server's words are quoted, not dumped. */
const DETAIL_LIMIT = 300;

/** The server's own words: its SCIM error detail (and scimType), else the start of its body. */
export function quoteServer(exchange: Exchange): string | undefined {
  const body = exchange.response?.body as { detail?: unknown; scimType?: unknown } | undefined;
  if (typeof body?.detail === 'string' && body.detail.trim() !== '') {
    return capServerText(`${typeof body.scimType === 'string' ? `${body.scimType}: ` : ''}${body.detail.trim()}`);
  }
  if (exchange.error) return capServerText(exchange.error.message);
  const text = exchange.response ? responseText(exchange.response).trim() : '';
  return text === '' ? undefined : capServerText(text);
}

/** One line of the target's words, at most DETAIL_LIMIT characters. */
export function capServerText(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > DETAIL_LIMIT ? `${line.slice(0, DETAIL_LIMIT - 1)}…` : line;
}
