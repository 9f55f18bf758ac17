/**
 * Seeded, Entra-shaped test populations. Same seed, same directory, byte for byte; every value is
 * ASCII where Entra would use it in a filter, and every name carries a recognisable prefix so a
 * live tenant's own objects are never mistaken for the harness's.
 */
import { ConfigurationError } from '../errors';
import { compileLastNamePicker, createSeededFaker, Sfc32Randomizer } from './seeded-faker';
import { type SourceDirectoryData, type SourceGroup, type SourceUser } from './source-types';

export const DEFAULT_PREFIX = 'scimh-';
/** RFC 2606 reserves example.com: generated mail never reaches a real mailbox. */
export const DEFAULT_DOMAIN = 'example.com';
/** Share of users (after the first) that report to an earlier user. */
export const MANAGER_SHARE = 0.7;

export interface GenerateUsersOptions {
  /** Start of every userPrincipalName, mailNickname and displayName (default "scimh-"). */
  readonly prefix?: string;
  readonly domain?: string;
  /** ~70 % of users get a managerId pointing at an earlier user (default true). */
  readonly withManagers?: boolean;
}

export interface GenerateDirectoryOptions extends GenerateUsersOptions {
  readonly seed: number;
  readonly users: number;
  /** Default: one group per 20 users (at least one when there are users). */
  readonly groups?: number;
  /** Direct members per group, drawn from all users (default 10, capped at the user count). */
  readonly membersPerGroup?: number;
}

/** Independent random streams per kind of object, so adding a field to one never shifts another. */
const STREAM = { user: 1, userId: 2, group: 3 } as const;

const faker = createSeededFaker();
const lastName = compileLastNamePicker(faker);
const idRandom = new Sfc32Randomizer();

/** The last 12 hex digits of a generated GUID carry its index, shifted by a per-seed offset. */
const INDEX_SPACE = 2 ** 48;
const TWO_POW_32 = 4_294_967_296;
const streamKeys = new Map<string, { key: number; offset: number }>();

/** Per seed and stream: a 32-bit key for the GUIDs' random bits and the 48-bit index offset. */
let lastStream = { seed: NaN, stream: NaN, value: { key: 0, offset: 0 } };

function streamKey(seed: number, stream: number): { key: number; offset: number } {
  // Called for every GUID: the stream in use is answered without building a map key.
  if (lastStream.seed === seed && lastStream.stream === stream) return lastStream.value;
  const name = `${seed}/${stream}`;
  let found = streamKeys.get(name);
  if (found === undefined) {
    idRandom.seed([seed, stream, -1]);
    const key = Math.floor(idRandom.next() * TWO_POW_32);
    const offset = Math.floor(idRandom.next() * TWO_POW_32) * 65_536 + Math.floor(idRandom.next() * 65_536);
    found = { key, offset };
    streamKeys.set(name, found);
  }
  lastStream = { seed, stream, value: found };
  return found;
}

/** murmur3's 32-bit finaliser: a few multiplications spread every input bit over the output. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A GUID's text is written digit by digit into one buffer and read out as a single string:
 * formatting numbers to hex and joining the parts made several short-lived strings per GUID, and
 * every generated object and objectId lookup makes a GUID.
 */
const GUID_TEXT = Buffer.from('00000000-0000-4000-8000-000000000000', 'latin1');
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** Hex digits `from` .. `to - 1` of `word` written as eight digits, placed at `at`. */
function putHexDigits(word: number, from: number, to: number, at: number): void {
  let position = at;
  for (let digit = from; digit < to; digit += 1) {
    GUID_TEXT[position] = HEX_DIGITS[(word >>> (28 - 4 * digit)) & 15];
    position += 1;
  }
}

function randomWord(key: number, index: number, lane: number): number {
  const low = index >>> 0;
  const high = Math.floor(index / TWO_POW_32) >>> 0;
  return fmix32(fmix32(key ^ low) ^ Math.imul(high + lane + 1, 0x9e3779b1));
}

/**
 * A v4-shaped GUID (RFC 9562 §5.4: version nibble 4, variant bits 10) for object `index` of a
 * stream: 74 bits hashed from the seed, stream and index, and the index (plus a per-seed offset)
 * in the last 48 bits, so the index can be read back from the objectId. A directory of any size
 * can then be generated on demand and looked up by objectId without holding any object. A hash
 * rather than a seeded generator: every lookup by objectId recomputes one GUID to verify it.
 */
function indexedGuid(seed: number, stream: number, index: number): string {
  const { key, offset } = streamKey(seed, stream);
  const a = randomWord(key, index, 0);
  const b = randomWord(key, index, 1);
  const c = randomWord(key, index, 2);
  const tail = (index + offset) % INDEX_SPACE;
  // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: the 4 and the dashes stay in GUID_TEXT; V is 8, 9, a or b.
  putHexDigits(a, 0, 8, 0);
  putHexDigits(b, 0, 4, 9);
  putHexDigits(b, 5, 8, 15);
  GUID_TEXT[19] = HEX_DIGITS[8 + ((c >>> 28) & 0x3)];
  putHexDigits(c, 1, 4, 20);
  putHexDigits(Math.floor(tail / TWO_POW_32), 4, 8, 24);
  putHexDigits(tail >>> 0, 0, 8, 28);
  return GUID_TEXT.toString('latin1', 0, 36);
}

const GUID_TAIL = /^[0-9a-f]{12}$/;

/** The index `indexedGuid` put into `guid`, or -1 when the GUID is not one of the stream's below `count`. */
function indexOfGuid(guid: string, seed: number, stream: number, count: number): number {
  if (guid.length !== 36) return -1;
  const tail = guid.slice(24);
  if (!GUID_TAIL.test(tail)) return -1;
  let index = (parseInt(tail, 16) - streamKey(seed, stream).offset) % INDEX_SPACE;
  if (index < 0) index += INDEX_SPACE;
  if (index >= count) return -1;
  return indexedGuid(seed, stream, index) === guid ? index : -1;
}

/**
 * Entra does not support special characters in filter values (docs/entra-behaviour.md#filter-value-characters), and
 * userPrincipalName and group displayName are the default matching values (docs/entra-behaviour.md#create-user, docs/entra-behaviour.md#matching):
 * keep them to ASCII letters, digits, '.', '_' and '-'.
 */
const SAFE_PREFIX = /^[A-Za-z0-9._-]*$/;
const SAFE_DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

function checkOptions(options: GenerateUsersOptions): { prefix: string; domain: string; withManagers: boolean } {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const domain = options.domain ?? DEFAULT_DOMAIN;
  if (!SAFE_PREFIX.test(prefix)) {
    throw new ConfigurationError(
      `prefix must use only ASCII letters, digits, '.', '_' or '-' (Entra does not support special characters in matching values), got "${prefix}" (e.g. "scimh-")`,
    );
  }
  if (!SAFE_DOMAIN.test(domain)) {
    throw new ConfigurationError(`domain must be a DNS name such as "example.com", got "${domain}" (e.g. domain: "example.com")`);
  }
  return { prefix, domain, withManagers: options.withManagers ?? true };
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigurationError(`${name} must be a whole number of 0 or more, got ${String(value)} (e.g. ${name}: 50)`);
  }
}

/** "Zoë O'Conner" → "zoeoconner": letters and digits only, diacritics folded. */
export function toAsciiToken(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return folded || 'x';
}

/** The objectId of generated user `index`: a v4-shaped GUID, computable without generating the user. */
export function userObjectId(seed: number, index: number): string {
  return indexedGuid(seed, STREAM.userId, index);
}

/** Which generated user (below `count`) has this objectId; -1 for any other id. */
export function userIndexOf(seed: number, objectId: string, count: number): number {
  return indexOfGuid(objectId, seed, STREAM.userId, count);
}

/** The objectId of generated group `index`. */
export function groupObjectId(seed: number, index: number): string {
  return indexedGuid(seed, STREAM.group, index);
}

/** Which generated group (below `count`) has this objectId; -1 for any other id. */
export function groupIndexOf(seed: number, objectId: string, count: number): number {
  return indexOfGuid(objectId, seed, STREAM.group, count);
}

/** The index generated userPrincipalNames carry before the "@" (`…evan.ferry.8@…`), or -1. */
export function indexInUserPrincipalName(userPrincipalName: string): number {
  const match = /\.(\d{1,15})@[^@]*$/.exec(userPrincipalName);
  return match ? Number(match[1]) : -1;
}

const STREET_KINDS = ['Street', 'Avenue', 'Road', 'Lane', 'Way', 'Drive', 'Court', 'Place', 'Boulevard', 'Terrace'] as const;

/** E.164, North American numbering plan shape: +1 NXX NXX XXXX. */
function phoneNumber(): string {
  const area = faker.number.int({ min: 201, max: 989 });
  const exchange = faker.number.int({ min: 200, max: 999 });
  const line = faker.number.int({ min: 0, max: 9999 });
  return `+1${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** Generated user `index` of the population for `seed`; depends on nothing else. */
export function generateUser(seed: number, index: number, options: GenerateUsersOptions = {}): SourceUser {
  const { prefix, domain, withManagers } = checkOptions(options);
  return buildUser(seed, index, prefix, domain, withManagers);
}

function buildUser(seed: number, index: number, prefix: string, domain: string, withManagers: boolean): SourceUser {
  const objectId = userObjectId(seed, index);
  faker.seed([seed, STREAM.user, index]);
  const givenName = faker.person.firstName();
  const surname = lastName();
  // Composed from faker's word lists rather than its templates, which cost several times more per call.
  const jobTitle = `${faker.person.jobDescriptor()} ${faker.person.jobArea()} ${faker.person.jobType()}`;
  const department = faker.commerce.department();
  const mobile = phoneNumber();
  const telephoneNumber = phoneNumber();
  const streetAddress = `${faker.number.int({ min: 1, max: 9999 })} ${lastName()} ${faker.helpers.arrayElement(STREET_KINDS)}`;
  const postalCode = String(faker.number.int({ min: 10000, max: 99999 }));
  const office = `${faker.number.int({ min: 1, max: 40 })}/${faker.number.int({ min: 100, max: 999 })}`;
  // Drawn last and unconditionally so `withManagers` changes nothing else about the user.
  const hasManager = faker.number.float() < MANAGER_SHARE;
  const managerIndex = index > 0 ? faker.number.int({ min: 0, max: index - 1 }) : 0;
  // The index keeps userPrincipalName unique however often faker repeats a name.
  const mailNickname = `${prefix}${toAsciiToken(givenName)}.${toAsciiToken(surname)}.${index}`;
  const userPrincipalName = `${mailNickname}@${domain}`;
  return {
    objectId,
    userPrincipalName,
    mailNickname,
    displayName: `${prefix}${givenName} ${surname}`,
    givenName,
    surname,
    mail: userPrincipalName,
    jobTitle,
    department,
    employeeId: String(index + 1).padStart(6, '0'),
    mobile,
    telephoneNumber,
    streetAddress,
    postalCode,
    physicalDeliveryOfficeName: office,
    accountEnabled: true,
    managerId: withManagers && index > 0 && hasManager ? userObjectId(seed, managerIndex) : null,
  };
}

/**
 * Users `start` .. `start + count - 1`, one at a time: a population of any size can be
 * streamed without holding it (the engine's large mode).
 */
export function generateUsers(seed: number, start: number, count: number, options: GenerateUsersOptions = {}): Generator<SourceUser, void, undefined> {
  // Checked here, not inside the generator body, so a bad argument fails at the call and not at the first next().
  checkCount('start', start);
  checkCount('count', count);
  const { prefix, domain, withManagers } = checkOptions(options);
  return streamUsers(seed, start, count, prefix, domain, withManagers);
}

function* streamUsers(seed: number, start: number, count: number, prefix: string, domain: string, withManagers: boolean): Generator<SourceUser, void, undefined> {
  for (let index = start; index < start + count; index += 1) yield buildUser(seed, index, prefix, domain, withManagers);
}

/** Generated group `index`, without members. */
export function generateGroup(seed: number, index: number, options: Pick<GenerateUsersOptions, 'prefix'> = {}): SourceGroup {
  const { prefix } = checkOptions({ prefix: options.prefix });
  const objectId = groupObjectId(seed, index);
  faker.seed([seed, STREAM.group, index]);
  const department = faker.commerce.department();
  const description = faker.company.catchPhrase();
  // Groups match on displayName (docs/entra-behaviour.md#groups): unique by index, and ASCII for the filter.
  const token = toAsciiToken(department);
  return {
    objectId,
    displayName: `${prefix}${department.replace(/[^A-Za-z0-9 ]/g, '')} ${index + 1}`,
    mailNickname: `${prefix}${token}-${index + 1}`,
    description,
    memberIds: [],
  };
}

/** `count` distinct indexes below `size`, drawn with the group's own stream. */
function pickIndexes(size: number, count: number): number[] {
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  if (count * 2 <= size) {
    const picked = new Set<number>();
    while (picked.size < count) picked.add(faker.number.int({ min: 0, max: size - 1 }));
    return [...picked];
  }
  const all = Array.from({ length: size }, (_, i) => i);
  for (let i = 0; i < count; i += 1) {
    const j = faker.number.int({ min: i, max: size - 1 });
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}

/**
 * The indexes of group `index`'s direct members among `userCount` users, drawn with the group's
 * own stream (re-seeded after the group's fields, so members never shift its name).
 */
export function groupMemberIndexes(seed: number, index: number, userCount: number, membersPerGroup: number): number[] {
  faker.seed([seed, STREAM.group, index, 1]);
  return pickIndexes(userCount, Math.min(membersPerGroup, userCount));
}

/** A whole directory: users, then groups whose direct members are drawn from them. Every object is assigned. */
export function generateDirectory(options: GenerateDirectoryOptions): SourceDirectoryData {
  checkCount('users', options.users);
  const groupCount = options.groups ?? (options.users === 0 ? 0 : Math.max(1, Math.ceil(options.users / 20)));
  checkCount('groups', groupCount);
  const membersPerGroup = Math.min(options.membersPerGroup ?? 10, options.users);
  checkCount('membersPerGroup', membersPerGroup);
  const users = [...generateUsers(options.seed, 0, options.users, options)];
  const groups: SourceGroup[] = [];
  for (let index = 0; index < groupCount; index += 1) {
    const group = generateGroup(options.seed, index, options);
    groups.push({ ...group, memberIds: groupMemberIndexes(options.seed, index, users.length, membersPerGroup).map((i) => users[i].objectId) });
  }
  return { users, groups };
}
