/** Custom request headers as the settings accept them (checked before anything starts). */
import { ConfigurationError } from '../errors';

function configError(rule: string, value: unknown, fix: string): ConfigurationError {
  return new ConfigurationError(`${rule}, got ${JSON.stringify(value) ?? String(value)} (${fix})`);
}

/** Custom headers as RFC 9110 allows them; checked when the settings are resolved and again by the target client. */
export function checkHeaderValues(headers: Readonly<Record<string, string>> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw configError('a custom header name must be an HTTP token (RFC 9110 §5.1)', name, 'use letters, digits and "-"');
    }
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      // The value itself may be a secret, so it is not echoed.
      throw new ConfigurationError(
        `the value of custom header "${name}" must be a single-line string (RFC 9110 §5.5); remove line breaks from it`,
      );
    }
  }
}
