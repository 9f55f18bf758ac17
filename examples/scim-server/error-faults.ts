/**
 * The RFC suite's error faults (rfc-faults.ts): the error a faulty server sends instead of the
 * right one. Applied last, in the error handler, so the handlers stay correct.
 */
import { ScimError, type ScimErrorType } from './errors';
import { type RfcFaultSwitches } from './rfc-faults';

export function errorWithFaults(error: ScimError, faults: RfcFaultSwitches): ScimError {
  if (faults.malformedJson500 && error.status === 400 && error.scimType === 'invalidSyntax' && error.detail.startsWith('The request body is not valid JSON')) {
    return new ScimError(500, 'Internal server error');
  }
  if (faults.methodNotAllowed404 && error.status === 405) return new ScimError(404, error.detail);
  // A scimType RFC 7644 Table 9 does not have: the kind of value servers invent.
  if (faults.inventedScimType && error.status === 404) return new ScimError(404, error.detail, 'notFound' as ScimErrorType, error.headers);
  return error;
}
