/**
 * Whether each user is in scope, remembered for one cycle. The directory does not change while a
 * cycle runs, and the membership pass asks about every member of every group: answering from the
 * plan's own scope pass, instead of reading (for a generated directory: regenerating) each
 * member again, keeps that pass from producing most of a large cycle's garbage. One byte per
 * generated object; other objects are evaluated each time.
 */
import { type MappingSet } from '../mapping/mapping-types';
import { evaluateScope } from '../mapping/scoping';
import { type SourceDirectory } from '../source/source-directory';

const UNKNOWN = 0;
const IN_SCOPE = 1;
const OUT_OF_SCOPE = 2;
const MISSING = 3;

export class UserScope {
  private readonly states: Uint8Array;

  constructor(
    private readonly directory: SourceDirectory,
    private readonly mapping: MappingSet,
  ) {
    this.states = new Uint8Array(directory.denseSlotCount);
  }

  /** Records a verdict reached elsewhere this cycle (the plan evaluates every user it will export). */
  note(userId: string, inScope: boolean): void {
    const slot = this.directory.denseSlotOf(userId);
    if (slot >= 0) this.states[slot] = inScope ? IN_SCOPE : OUT_OF_SCOPE;
  }

  /** Whether the user is in scope; undefined when the directory has no such user. */
  inScope(userId: string): boolean | undefined {
    const slot = this.directory.denseSlotOf(userId);
    const known = slot >= 0 ? this.states[slot] : UNKNOWN;
    if (known !== UNKNOWN) return known === MISSING ? undefined : known === IN_SCOPE;
    const user = this.directory.getUser(userId);
    const verdict = user ? evaluateScope(user, this.mapping, this.directory).inScope : undefined;
    if (slot >= 0) this.states[slot] = verdict === undefined ? MISSING : verdict ? IN_SCOPE : OUT_OF_SCOPE;
    return verdict;
  }
}
