/**
 * Bad server options (base path, token, page size, fault switches, a port in use). The message
 * names the rule, the value and the fix. The server is a program of its own, so it has its own
 * error class; a host that embeds it (the harness's CLI) turns it into its own usage error.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
