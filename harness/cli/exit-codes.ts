/** Exit codes (DESIGN): one table, shared with the judge that decides them from the Verdict. */
export { EXIT, type ExitCode } from '../contract/exit-codes';
