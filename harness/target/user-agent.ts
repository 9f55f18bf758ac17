/**
 * The User-Agent the harness announces, `scim-harness/<version>`, so a vendor can tell harness
 * traffic from Entra's in their logs.
 */
import { readHarnessVersion } from '../version';

export { readHarnessVersion };

export const USER_AGENT = `scim-harness/${readHarnessVersion()}`;
