/**
 * The names a scenario gives its objects, and the placeholders its strings may use:
 * `{prefix}` (the run's object prefix, so a live tenant's own objects are never touched),
 * `{unique}` (a token unique to this scenario run, so runs and dialects never collide), and, in
 * request paths, `{ref}` (that object's target id) and `{ref.userName}` (its userName).
 */
export interface RefRecord {
  readonly kind: 'user' | 'group' | 'seed' | 'response';
  /** Source objectId for users and groups. */
  readonly sourceId?: string;
  /** Target id of seeded objects and created responses. */
  targetId?: string;
  resource?: 'Users' | 'Groups';
  /** Seeded or request-created objects the scenario must delete at the end. */
  cleanup?: boolean;
  /** userName / displayName as written, for filters. */
  name?: string;
}

export class ScenarioRefs {
  private readonly refs = new Map<string, RefRecord>();

  constructor(
    readonly prefix: string,
    readonly unique: string,
  ) {}

  set(ref: string, record: RefRecord): void {
    this.refs.set(ref, record);
  }

  get(ref: string): RefRecord {
    const record = this.refs.get(ref);
    if (!record) throw new Error(`the scenario names "${ref}" before defining it (add it with addUser, addGroup, seedTarget or request first)`);
    return record;
  }

  has(ref: string): boolean {
    return this.refs.has(ref);
  }

  all(): IterableIterator<[string, RefRecord]> {
    return this.refs.entries();
  }

  /** Replaces `{prefix}` and `{unique}` in every string of a value. */
  expand<T>(value: T): T {
    if (typeof value === 'string') return value.replace(/\{prefix\}/g, this.prefix).replace(/\{unique\}/g, this.unique) as T;
    if (Array.isArray(value)) return value.map((v) => this.expand(v)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.expand(v)])) as T;
    return value;
  }
}
