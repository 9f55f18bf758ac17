/** SCIM error values and the RFC 7644 §3.12 error body. */

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The fixed scimType vocabulary of RFC 7644 §3.12 (Table 9). */
export type ScimErrorType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimErrorType;
  detail: string;
}

/** Thrown by any layer of the server; the app's error handler turns it into the response. */
export class ScimError extends Error {
  override readonly name = 'ScimError';

  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimErrorType,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export function badRequest(scimType: ScimErrorType, detail: string): ScimError {
  return new ScimError(400, detail, scimType);
}

export function notFound(detail: string): ScimError {
  return new ScimError(404, detail);
}

export function conflict(detail: string): ScimError {
  return new ScimError(409, detail, 'uniqueness');
}
