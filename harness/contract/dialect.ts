/**
 * The id of a registered client profile (harness/profiles/registry.ts), the value of `--dialect`:
 * which identity provider's client the job plays and how it shapes its requests.
 */
export type Dialect = string;
