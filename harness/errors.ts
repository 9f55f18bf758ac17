/**
 * The few error classes the harness throws. Everything a target does wrong is data
 * (an Exchange, a LogEntry, a Finding), never an exception; these are for the user's input.
 */

/**
 * Bad flags, files or combinations. The message names the rule, the value and the fix, e.g.
 * `--target must be an absolute http(s) URL, got "localhost:8080" (try http://localhost:8080/scim/v2)`.
 * The CLI turns it into exit code 2 before any request is sent.
 */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** A scenario file or definition that cannot be loaded: `Unable to load scenario 'x': <cause>`. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}
