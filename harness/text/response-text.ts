/** Reading a recorded response body back as text, however it was stored. */
import { type ExchangeResponse } from '../contract/exchange';

/** The response body as text: the raw text when it was kept, else the parsed JSON re-serialised. */
export function responseText(response: ExchangeResponse): string {
  if (response.text !== '' || response.body === undefined) return response.text;
  return JSON.stringify(response.body);
}
