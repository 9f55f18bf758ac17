/**
 * What each operation on /Users and /Groups means (RFC 7644 §3.3–§3.6, §3.14), independent of
 * HTTP, including where the fault switches bend it. Answers are plain results the routes send.
 */
import { Projection, type ProjectionRequest } from './attribute-projection';
import { type ValueOptions } from './attribute-values';
import { ScimError, badRequest, conflict, notFound } from './errors';
import { etagMatches, formatEtag } from './etag';
import { type FaultSwitches } from './faults';
import { distortRendered } from './fault-renders';
import { type CompiledFilter, type FilterOptions, compileFilter, findIndexTerms } from './filter-evaluator';
import { applyFilterFaults, hasFilterFaults } from './filter-faults';
import { type FilterLimits, type FilterNode, parseFilter } from './filter-parser';
import { type JsonObject, type JsonValue, cloneJson, findKey, isJsonObject, isUnassigned, jsonEqual } from './json';
import { type ListParams, type SortKey, compareSortKeys, compileSortKey } from './list-query';
import { type MemberState, type PatchOperation, type PatchSettings, applyPatch, deltaChanges, readPatchRequest } from './patch';
import { type RenderContext, filterView, renderGroup, renderUser } from './resource-render';
import { prepareResource } from './resource-input';
import { checkStrictInput } from './strict-input';
import { type ResourceTypeDefinition, GROUP_RESOURCE_TYPE, LIST_RESPONSE_SCHEMA, PATCH_OP_SCHEMA, USER_RESOURCE_TYPE } from './schemas';
import { type GroupRecord, type ScimStore, type StoredRecord, managerIdOf } from './store';

export type ResourceKind = 'User' | 'Group';

export interface ServiceResult {
  readonly status: number;
  readonly body?: JsonObject;
  readonly etag?: string;
  readonly location?: string;
}

export interface RequestContext extends RenderContext {
  readonly projection: ProjectionRequest;
  /** Whether the client asked for a projection (a group PATCH then answers 200 with a body, RFC 7644 §3.5.2). */
  readonly projectionRequested: boolean;
}

export interface ServiceSettings {
  readonly faults: FaultSwitches;
  readonly maxResults: number;
  readonly filterLimits: FilterLimits;
}

function resourceTypeOf(kind: ResourceKind): ResourceTypeDefinition {
  return kind === 'User' ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
}

function stringField(resource: JsonObject, name: string): string | undefined {
  const value = resource[name];
  return typeof value === 'string' ? value : undefined;
}

function membersOf(prepared: JsonObject): string[] {
  const members = Array.isArray(prepared.members) ? prepared.members : [];
  return members.map((member) => (isJsonObject(member) && typeof member.value === 'string' ? member.value : ''));
}

/** The same record under another id (the RFC faults that let an id come from elsewhere than the store). */
function withId(record: StoredRecord, id: string): StoredRecord {
  return { ...record, id, resource: { ...record.resource, id } };
}

/** Top-level attributes RFC 7643 makes readOnly on every User and Group (`patch-read-only-ignored` skips PATCHes of them). */
const READ_ONLY_PATHS = /^(id|meta|groups)(\.|\[|$)/i;

/** `id-from-username`: the userName lower-cased, runs of other characters as "-" (what some endpoints use as a key). */
function idFromUserName(userName: string): string | undefined {
  const id = userName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200);
  return id === '' ? undefined : id;
}

export class ResourceService {
  private readonly valueOptions: ValueOptions;
  private readonly filterOptions: FilterOptions;
  /** `reuse-deleted-ids`: the id of the user deleted last, handed to the next user created. */
  private freedUserId: string | undefined;
  /** `tombstone-external-ids`: externalIds of deleted users, still counted as taken. */
  private readonly tombstonedExternalIds = new Set<string>();
  /** `deleted-still-listed`: users answered 404 by id but still in the store's queries. */
  private readonly hiddenUserIds = new Set<string>();

  constructor(
    private readonly store: ScimStore,
    private readonly settings: ServiceSettings,
  ) {
    this.valueOptions = {
      lenientBooleans: !settings.faults.strictBooleans,
      storeStringBooleans: settings.faults.storeStringBooleans,
      ...(settings.faults.requireObjectManager ? { objectReferencesOnly: true } : {}),
    };
    this.filterOptions = {
      forceCaseExact: settings.faults.caseSensitiveFilter,
      lenientBooleans: !settings.faults.strictBooleans,
      orderBooleans: settings.faults.filterOrdersBooleans,
      userNameReadsFirstEmail: settings.faults.filterOtherAttribute,
    };
  }

  /** `uniqueness-after-delete`: lower-cased userNames of deleted users, which still count for uniqueness. */
  private readonly retiredUserNames = new Set<string>();

  private get faults(): FaultSwitches {
    return this.settings.faults;
  }

  private projectionFor(kind: ResourceKind, request: ProjectionRequest): Projection {
    // `ignore-excluded-members`: members come back whatever the client excluded.
    const always = kind === 'Group' && this.faults.ignoreExcludedMembers ? ['members'] : [];
    const asked: ProjectionRequest = {
      ...(this.faults.ignoreAttributesParam ? {} : { attributes: request.attributes }),
      ...(this.faults.ignoreExcludedAttributes ? {} : { excludedAttributes: request.excludedAttributes }),
    };
    return Projection.create(resourceTypeOf(kind), asked, always);
  }

  private render(kind: ResourceKind, record: StoredRecord, context: RenderContext, projection: Projection): JsonObject {
    const rendered = kind === 'User' ? renderUser(record, context, projection) : renderGroup(record as GroupRecord, context, projection);
    if (kind === 'User') {
      // RFC suite faults on what a user looks like (rfc-faults.ts).
      if (this.faults.undeclaredAttribute) rendered.internalScore = 7;
      if (this.faults.returnPassword && typeof record.resource.password === 'string') rendered.password = record.resource.password;
    }
    return distortRendered(kind, rendered, this.faults);
  }

  /** `soft-delete-404` hides deactivated users; correct servers keep them readable (docs/entra-behaviour.md#get-user). */
  private visible(kind: ResourceKind, record: StoredRecord): boolean {
    return !(kind === 'User' && this.faults.softDelete404 && record.resource.active === false);
  }

  private find(kind: ResourceKind, id: string): StoredRecord {
    const record = kind === 'User' ? this.store.userRecord(id) : this.store.groupRecord(id);
    if (!record || !this.visible(kind, record) || this.hiddenUserIds.has(id)) throw notFound(`${kind} "${id}" not found`);
    return record;
  }

  /** RFC 7644 §3.14: a stale If-Match is 412 and nothing changes. */
  private checkIfMatch(record: StoredRecord, ifMatch: string | undefined): void {
    if (ifMatch === undefined || this.faults.ifMatchIgnored) return;
    const current = formatEtag(record.version);
    if (!etagMatches(ifMatch, current)) {
      throw new ScimError(412, `If-Match ${ifMatch} does not match the current version ${current}; read the resource again and retry`);
    }
  }

  private checkUserRules(resource: JsonObject, selfId: string | undefined): void {
    const userName = stringField(resource, 'userName') ?? '';
    if (!this.faults.allowDuplicates) {
      const holder = this.store.userNameTakenBy(userName, selfId);
      // `uniqueness-case-sensitive`: only an exact spelling counts as taken.
      const exact = !this.faults.uniquenessCaseSensitive || this.store.userRecord(holder ?? '')?.resource.userName === userName;
      if (holder !== undefined && exact) throw conflict(`userName "${userName}" is already taken (userNames are unique, compared case-insensitively)`);
      if (this.retiredUserNames.has(userName.toLowerCase()) && !this.keepsUserName(selfId, userName)) {
        throw conflict(`userName "${userName}" is already taken (userNames are unique, compared case-insensitively)`);
      }
    }
    const managerId = managerIdOf(resource);
    if (managerId !== undefined && !this.store.userRecord(managerId)) {
      throw badRequest('invalidValue', `manager.value "${managerId}" is not the id of an existing User`);
    }
  }

  /** Whether the stored user `selfId` already holds this userName (a PATCH that leaves it alone). */
  private keepsUserName(selfId: string | undefined, userName: string): boolean {
    const current = selfId === undefined ? undefined : this.store.userRecord(selfId)?.resource.userName;
    return typeof current === 'string' && current.toLowerCase() === userName.toLowerCase();
  }

  /**
   * The id of a new user: opaque and never reassigned (RFC 7643 §3.1), except under
   * `id-from-username`, which derives it from the userName the user is created with.
   */
  private newUserId(prepared: JsonObject): string | undefined {
    if (!this.faults.idFromUserName) return undefined;
    const id = idFromUserName(stringField(prepared, 'userName') ?? '');
    if (id !== undefined && this.store.userRecord(id)) throw conflict(`User id "${id}" is already in use`);
    return id;
  }

  private checkGroupRules(resource: JsonObject, memberIds: readonly string[], selfId: string | undefined): void {
    const displayName = stringField(resource, 'displayName') ?? '';
    if (!this.faults.allowDuplicates) {
      const holder = this.store.groupNameTakenBy(displayName, selfId);
      // Entra matches groups on displayName and needs it unique (docs/entra-behaviour.md#groups).
      if (holder !== undefined) throw conflict(`Group displayName "${displayName}" is already taken (compared case-insensitively)`);
    }
    const members = Array.isArray(resource.members) ? resource.members : [];
    for (const member of members) {
      const type = isJsonObject(member) ? member.type : undefined;
      if (typeof type === 'string' && type.toLowerCase() !== 'user') {
        throw badRequest('invalidValue', `Member type ${JSON.stringify(type)} is not supported; this server's groups hold only Users`);
      }
    }
    const missing = memberIds.find((id) => !this.store.userRecord(id));
    if (missing !== undefined) throw badRequest('invalidValue', `Member "${missing}" is not the id of an existing User; create the user first`);
  }

  private withHeaders(kind: ResourceKind, record: StoredRecord, context: RenderContext, status: number, body?: JsonObject): ServiceResult {
    return {
      status,
      ...(body ? { body } : {}),
      etag: formatEtag(record.version),
      location: `${context.baseUrl}/${kind === 'User' ? 'Users' : 'Groups'}/${record.id}`,
    };
  }

  create(kind: ResourceKind, body: unknown, context: RequestContext): ServiceResult {
    checkStrictInput(resourceTypeOf(kind), body, this.faults);
    const input = kind === 'User' ? this.userInputWithFaults(body) : body;
    const prepared = prepareResource(resourceTypeOf(kind), input, this.valueOptions);
    let record: StoredRecord;
    if (kind === 'User') {
      this.checkUserRules(prepared, undefined);
      const externalId = typeof prepared.externalId === 'string' ? prepared.externalId : undefined;
      if (externalId !== undefined && this.tombstonedExternalIds.has(externalId)) throw conflict(`externalId "${externalId}" is already taken`);
      record = this.store.newRecord('User', prepared, this.newUserId(prepared));
      const chosenId = this.idFromFaults(body);
      if (chosenId !== undefined) record = withId(record, chosenId);
      if (!this.faults.dropWrites) this.store.addUser(record);
    } else {
      const memberIds = membersOf(prepared);
      this.checkGroupRules(prepared, memberIds, undefined);
      delete prepared.members;
      const draft = this.store.newRecord('Group', prepared);
      record = this.faults.dropWrites ? { ...draft, members: new Set(memberIds) } : this.store.addGroup(draft, memberIds);
    }
    const rendered = this.render(kind, record, context, this.projectionFor(kind, context.projection));
    // `echo-client-meta`: the client's meta wins in the answer.
    const clientMeta = isJsonObject(body) ? body[findKey(body, 'meta') ?? 'meta'] : undefined;
    if (this.faults.echoClientMeta && isJsonObject(clientMeta) && isJsonObject(rendered.meta)) rendered.meta = { ...rendered.meta, ...clientMeta };
    return this.withHeaders(kind, record, context, this.faults.create200 ? 200 : 201, rendered);
  }

  /** `username-optional`: a user without userName gets a made-up one instead of a 400. */
  private userInputWithFaults(body: unknown): unknown {
    if (!this.faults.userNameOptional || !isJsonObject(body) || findKey(body, 'userName') !== undefined) return body;
    return { ...body, userName: `user-${this.store.userCount + 1}-${Date.now().toString(36)}` };
  }

  /** `client-ids-honoured` (the body's id) and `reuse-deleted-ids` (the last deleted user's id). */
  private idFromFaults(body: unknown): string | undefined {
    const clientId = isJsonObject(body) ? body[findKey(body, 'id') ?? 'id'] : undefined;
    if (this.faults.clientIdsHonoured && typeof clientId === 'string' && clientId !== '' && !this.store.userRecord(clientId)) return clientId;
    if (this.faults.reuseDeletedIds && this.freedUserId !== undefined && !this.store.userRecord(this.freedUserId)) {
      const id = this.freedUserId;
      this.freedUserId = undefined;
      return id;
    }
    return undefined;
  }

  get(kind: ResourceKind, id: string, context: RequestContext, ifNoneMatch: string | undefined): ServiceResult {
    const record = this.find(kind, id);
    // RFC 7644 §3.14 / RFC 7232 §3.2: an unchanged version answers 304 without a body.
    if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, formatEtag(record.version))) return this.withHeaders(kind, record, context, 304);
    return this.withHeaders(kind, record, context, 200, this.render(kind, record, context, this.projectionFor(kind, context.projection)));
  }

  /** RFC 7644 §3.5.1 PUT: replaces every client-writable attribute; never creates. */
  replace(kind: ResourceKind, id: string, body: unknown, context: RequestContext, ifMatch: string | undefined): ServiceResult {
    // `put-creates`: a PUT to an id that does not exist creates it there.
    if (kind === 'User' && this.faults.putCreates && !this.store.userRecord(id)) {
      const created = withId(this.store.newRecord('User', prepareResource(USER_RESOURCE_TYPE, body, this.valueOptions)), id);
      this.checkUserRules(created.resource, id);
      this.store.addUser(created);
      return this.withHeaders(kind, created, context, 201, this.render(kind, created, context, this.projectionFor(kind, context.projection)));
    }
    const record = this.find(kind, id);
    this.checkIfMatch(record, ifMatch);
    const resourceType = resourceTypeOf(kind);
    checkStrictInput(resourceType, body, this.faults);
    const prepared = prepareResource(resourceType, body, this.valueOptions);
    // `put-appends-multivalued`: the values given join the old ones instead of replacing them.
    if (this.faults.putAppendsMultiValued) {
      for (const definition of resourceType.schema.attributes) {
        const before = record.resource[definition.name];
        const after = prepared[definition.name];
        if (definition.multiValued && Array.isArray(before) && Array.isArray(after)) prepared[definition.name] = [...cloneJson(before), ...after];
      }
    }
    for (const definition of resourceType.schema.attributes) {
      const before: JsonValue | undefined = record.resource[definition.name];
      if (definition.mutability === 'immutable' && !isUnassigned(before) && !jsonEqual(before, prepared[definition.name])) {
        throw new ScimError(400, `"${definition.name}" is immutable and cannot be changed by PUT`, 'mutability');
      }
    }
    // A PUT that leaves out the write-only password keeps the one already set [INF: RFC 7644 §3.5.1 leaves it open].
    if (kind === 'User' && prepared.password === undefined && typeof record.resource.password === 'string') prepared.password = record.resource.password;
    let result: StoredRecord;
    if (kind === 'User') {
      this.checkUserRules(prepared, id);
      result = this.faults.dropWrites ? { ...record, resource: { ...prepared, id, meta: record.resource.meta ?? {} } } : record;
      if (!this.faults.dropWrites) this.store.updateUser(record, prepared);
    } else {
      const memberIds = membersOf(prepared);
      this.checkGroupRules(prepared, memberIds, id);
      delete prepared.members;
      const group = record as GroupRecord;
      if (this.faults.dropWrites) {
        result = { ...group, resource: { ...prepared, id, meta: group.resource.meta ?? {} }, members: new Set(memberIds) } as GroupRecord;
      } else {
        this.store.updateGroup(group, prepared, { cleared: true, added: memberIds, removed: [] });
        result = group;
      }
    }
    return this.withHeaders(kind, result, context, 200, this.render(kind, result, context, this.projectionFor(kind, context.projection)));
  }

  patch(kind: ResourceKind, id: string, body: unknown, context: RequestContext, ifMatch: string | undefined): ServiceResult {
    const record = this.find(kind, id);
    this.checkIfMatch(record, ifMatch);
    const input = this.patchBodyWithFaults(body);
    // The PATCH faults that skip operations (the RFC suite's and `ignore-capitalised-group-ops`) may
    // leave none: the PATCH then answers as one that changed nothing (a group's 204 included).
    const operations =
      input === undefined ? [] : this.patchOperationsWithFaults(readPatchRequest(input, this.faults.caseSensitiveOps, kind === 'Group' && this.faults.ignoreCapitalisedGroupOps));
    const group = kind === 'Group' ? (record as GroupRecord) : undefined;
    const memberState: MemberState | undefined = group
      ? { has: (userId) => group.members.has(userId), ids: () => group.members, size: group.members.size }
      : undefined;
    const settings: PatchSettings = {
      ...this.valueOptions,
      caseSensitiveOps: this.faults.caseSensitiveOps,
      atomic: !this.faults.patchNoAtomic,
      ignoreActive: this.faults.ignoreActive,
      literalDottedKeys: this.faults.literalDottedKeys,
      splitExtensionUrn: this.faults.splitExtensionUrn,
      filterOptions: this.filterOptions,
      memberExists: (userId) => this.store.userRecord(userId) !== undefined,
      movePrimary: !this.faults.primaryNotMoved,
    };
    const outcome = this.applyPatchWithFaults(() => applyPatch(resourceTypeOf(kind), record.resource, memberState, operations, settings));
    if (kind === 'User') this.checkUserRules(outcome.resource, id);
    else this.checkGroupRules(outcome.resource, [], id);

    // RFC 7644 §3.5.2.1: a PATCH that changes nothing leaves meta.lastModified (and the version) alone.
    const changed = !jsonEqual(record.resource, outcome.resource) || deltaChanges(outcome.members, memberState);
    let result: StoredRecord = record;
    if (changed && this.faults.dropWrites) {
      const members = group ? new Set(group.members) : undefined;
      if (members && outcome.members) {
        if (outcome.members.cleared) members.clear();
        for (const userId of outcome.members.removed) members.delete(userId);
        for (const userId of outcome.members.added) members.add(userId);
      }
      result = members ? ({ ...record, resource: outcome.resource, members } as GroupRecord) : { ...record, resource: outcome.resource };
    } else if (changed) {
      if (group) this.store.updateGroup(group, outcome.resource, outcome.members);
      else this.store.updateUser(record, outcome.resource);
    }
    // `patch-no-atomic`: the operations before the failing one are kept, then the error is reported.
    if (outcome.error) throw outcome.error;

    if (kind === 'User') {
      return this.withHeaders(kind, result, context, 200, this.render(kind, result, context, this.projectionFor(kind, context.projection)));
    }
    if (this.faults.groupPatchBody) {
      return this.withHeaders(kind, result, context, 200, this.render(kind, result, context, Projection.everything(GROUP_RESOURCE_TYPE)));
    }
    // Entra: "Update to the group PATCH request should yield an HTTP 204 No Content" (docs/entra-behaviour.md#groups);
    // RFC 7644 §3.5.2 still returns the resource when the client asks for attributes.
    if (context.projectionRequested) {
      return this.withHeaders(kind, result, context, 200, this.render(kind, result, context, this.projectionFor(kind, context.projection)));
    }
    return this.withHeaders(kind, result, context, 204);
  }

  delete(kind: ResourceKind, id: string, context: RequestContext, ifMatch: string | undefined): ServiceResult {
    const record = this.find(kind, id);
    this.checkIfMatch(record, ifMatch);
    const body = this.faults.delete200 ? this.render(kind, record, context, this.projectionFor(kind, {})) : undefined;
    if (kind === 'User') {
      if (this.faults.reuseDeletedIds) this.freedUserId = id;
      if (this.faults.tombstoneExternalIds && typeof record.resource.externalId === 'string') this.tombstonedExternalIds.add(record.resource.externalId);
    }
    // `deleted-still-listed`: a soft delete that only hides the user from reads by id.
    if (kind === 'User' && this.faults.deletedStillListed) this.hiddenUserIds.add(id);
    else if (!this.faults.dropWrites) {
      if (kind === 'User') {
        const userName = stringField(record.resource, 'userName');
        if (this.faults.uniquenessAfterDelete && userName !== undefined) this.retiredUserNames.add(userName.toLowerCase());
        this.store.deleteUser(id);
      } else this.store.deleteGroup(id);
    }
    return this.faults.delete200 ? { status: 200, ...(body ? { body } : {}) } : { status: 204 };
  }

  /**
   * RFC 7644 §3.4.2 / §3.4.3 query over one resource type, or over both for the server root.
   * Equality on id, externalId, userName and displayName is answered from indexes.
   */
  list(kinds: readonly ResourceKind[], params: ListParams, context: RenderContext): ServiceResult {
    if (this.faults.startIndexBelowOneRejected && params.requestedStartIndex !== undefined && params.requestedStartIndex < 1) {
      throw badRequest('invalidValue', `"startIndex" must be 1 or more, got ${params.requestedStartIndex}`);
    }
    const node = params.filter !== undefined ? this.parseFilterWithFaults(params.filter, kinds) : undefined;
    const compiled = this.compileForKinds(kinds, node);
    const matches: Array<{ kind: ResourceKind; record: StoredRecord }> = [];
    for (const { kind, filter } of compiled) {
      for (const record of this.candidates(kind, node)) {
        if (!this.visible(kind, record)) continue;
        if (filter && !filter.test(filterView(kind, record, filter.reads, this.store))) continue;
        matches.push({ kind, record });
      }
    }
    if (params.sortBy !== undefined) {
      const keyReaders = new Map(kinds.map((kind) => [kind, compileSortKey(resourceTypeOf(kind), params.sortBy ?? '')]));
      const keyed = matches.map((match) => ({ match, key: keyReaders.get(match.kind)?.(match.record.resource) as SortKey }));
      const order = this.faults.sortOrderIgnored ? 'ascending' : params.sortOrder;
      keyed.sort((a, b) => compareSortKeys(a.key, b.key, order));
      matches.splice(0, matches.length, ...keyed.map((entry) => entry.match));
    }
    if (node && matches.length === 0 && this.faults.filter404) {
      throw notFound(`No ${kinds.join(' or ')} matches the filter ${params.filter ?? ''}`);
    }
    // RFC 7644 §3.4.2.4 with SPC filter.maxResults: never more than maxResults per page.
    const count = this.faults.countZeroIgnored && params.count === 0 ? undefined : params.count;
    const pageSize = Math.min(count ?? this.settings.maxResults, this.settings.maxResults) + (this.faults.countOffByOne ? 1 : 0);
    const page = matches.slice(params.startIndex - 1, params.startIndex - 1 + pageSize);
    const projections = new Map(kinds.map((kind) => [kind, this.projectionFor(kind, params)]));
    const body: JsonObject = {
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: matches.length,
      itemsPerPage: page.length,
      startIndex: params.startIndex,
    };
    // RFC 7644 §3.4.2.4: count=0 asks for totalResults alone.
    if (count !== 0) {
      body.Resources = page.map(({ kind, record }) => this.render(kind, record, context, projections.get(kind) ?? Projection.everything(resourceTypeOf(kind))));
    }
    return { status: 200, body };
  }

  /** A query filter as parsed, then as the RFC suite's filter faults would read it (filter-faults.ts). */
  private parseFilterWithFaults(filter: string, kinds: readonly ResourceKind[]): FilterNode {
    let node: FilterNode;
    try {
      node = parseFilter(filter, this.settings.filterLimits, { ignoreGrouping: this.faults.filterIgnoreParentheses });
    } catch (error) {
      if (this.faults.invalidFilter500 && error instanceof ScimError && error.scimType === 'invalidFilter') throw new ScimError(500, 'Internal server error');
      throw error;
    }
    return hasFilterFaults(this.faults) ? applyFilterFaults(node, this.faults, kinds.map(resourceTypeOf)) : node;
  }

  /**
   * `patch-schemas-optional`: a body without "schemas" is read as if it had PatchOp's;
   * `patch-unknown-op-ignored`: operations with another op are dropped (undefined: none is left).
   */
  private patchBodyWithFaults(body: unknown): unknown {
    if (!isJsonObject(body)) return body;
    let input: JsonObject = body;
    if (this.faults.patchSchemasOptional && findKey(input, 'schemas') === undefined) input = { ...input, schemas: [PATCH_OP_SCHEMA] };
    const key = findKey(input, 'Operations');
    const operations = key === undefined ? undefined : input[key];
    if (this.faults.patchUnknownOpIgnored && key !== undefined && Array.isArray(operations)) {
      const known = operations.filter((operation) => !isJsonObject(operation) || /^(add|remove|replace)$/i.test(String(operation[findKey(operation, 'op') ?? 'op'])));
      if (known.length === 0 && operations.length > 0) return undefined;
      input = { ...input, [key]: known };
    }
    return input;
  }

  /** The PATCH faults that skip operations: readOnly targets, removes, unknown ops, path-less removes. */
  private patchOperationsWithFaults(operations: PatchOperation[]): PatchOperation[] {
    const faults = this.faults;
    return operations
      .filter((operation) => !(faults.patchReadOnlyIgnored && operation.path !== undefined && READ_ONLY_PATHS.test(operation.path)))
      .filter((operation) => !(faults.patchRemoveIgnored && operation.op === 'remove' && operation.path !== undefined && !operation.path.includes('[')))
      .filter((operation) => !(faults.patchRemoveNoPathIgnored && operation.op === 'remove' && operation.path === undefined))
      .filter((operation) => !(faults.groupFilteredRemoveIgnored && operation.op === 'remove' && operation.path !== undefined && /^members\[/i.test(operation.path)))
      // `invalid-booleans-read-as-false`: a string that is no boolean becomes false.
      .map((operation) => (faults.invalidBooleansReadAsFalse && operation.path?.toLowerCase() === 'active' && typeof operation.value === 'string' && !/^(true|false)$/i.test(operation.value) ? { ...operation, value: false } : operation))
      .map((operation) => (faults.patchValuePathReplacesAll && operation.op === 'replace' && operation.path !== undefined ? { ...operation, path: operation.path.replace(/\[[^\]]*\]/, '[value pr]') } : operation));
  }

  /** `patch-bad-path-500`: a malformed path is a server error instead of 400 invalidPath. */
  private applyPatchWithFaults(apply: () => ReturnType<typeof applyPatch>): ReturnType<typeof applyPatch> {
    try {
      const outcome = apply();
      if (this.faults.patchBadPath500 && outcome.error?.scimType === 'invalidPath') return { ...outcome, error: new ScimError(500, 'Internal server error') };
      return outcome;
    } catch (error) {
      if (this.faults.patchBadPath500 && error instanceof ScimError && error.scimType === 'invalidPath') throw new ScimError(500, 'Internal server error');
      throw error;
    }
  }

  private compileForKinds(kinds: readonly ResourceKind[], node: FilterNode | undefined): Array<{ kind: ResourceKind; filter?: CompiledFilter }> {
    if (!node) return kinds.map((kind) => ({ kind }));
    const compiled: Array<{ kind: ResourceKind; filter: CompiledFilter }> = [];
    let firstError: unknown;
    for (const kind of kinds) {
      try {
        compiled.push({ kind, filter: compileFilter(node, resourceTypeOf(kind), this.filterOptions) });
      } catch (error) {
        // At the root a filter may name attributes only one resource type has; that type simply has no hits.
        if (kinds.length === 1 || !(error instanceof ScimError)) throw error;
        firstError ??= error;
      }
    }
    if (compiled.length === 0) throw firstError;
    return compiled;
  }

  private *candidates(kind: ResourceKind, node: FilterNode | undefined): Iterable<StoredRecord> {
    let terms = node ? findIndexTerms(node, resourceTypeOf(kind)) : undefined;
    // `filter-other-attribute` compares userName filters with another attribute: the userName index cannot answer them.
    if (kind === 'User' && this.faults.filterOtherAttribute && terms?.some((term) => term.attribute === 'userName')) terms = undefined;
    if (!terms) {
      yield* kind === 'User' ? this.store.userRecords() : this.store.groupRecords();
      return;
    }
    const seen = new Set<string>();
    for (const term of terms) {
      for (const id of this.store.lookup(kind, term)) {
        if (seen.has(id)) continue;
        seen.add(id);
        const record = kind === 'User' ? this.store.userRecord(id) : this.store.groupRecord(id);
        if (record) yield record;
      }
    }
  }
}
