/**
 * `--debug`: every exchange on stderr as it happens. The exchanges are already redacted at the
 * transport boundary, so nothing here can print a secret the records do not hold.
 */
import { type Exchange } from '../contract/exchange';
import { responseText } from '../text/response-text';
import { terminalText } from '../text/terminal-text';
import { type ExchangeContext, type RunRecorder } from './run-recorder';

export function attachDebugOutput(recorder: RunRecorder, stderr: NodeJS.WritableStream): void {
  recorder.onExchange((exchange, context) => stderr.write(formatDebugLine(exchange, context)));
}

export function formatDebugLine(exchange: Exchange, context: ExchangeContext): string {
  const { request, response, error } = exchange;
  const headers = Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`).join('; ');
  const outcome = response ? `${response.status} (${response.bytes} bytes)` : `${error?.kind}: ${error?.message}`;
  const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`;
  const text = response ? responseText(response) : '';
  const answer = text ? ` ← ${text.slice(0, 2000)}` : '';
  // One line per exchange, whatever the target answered: its line breaks and controls are shown.
  return `${terminalText(`[debug] ${exchange.id} ${context.scenarioId ? `${context.scenarioId} ` : ''}${context.purpose}: ${request.method} ${request.url} [${headers}]${body} → ${outcome} in ${exchange.durationMs} ms${answer}`, { layout: 'line' })}\n`;
}
