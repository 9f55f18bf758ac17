/**
 * A dedicated Faker instance with a randomizer that can be re-seeded in constant time.
 *
 * Every generated user is derived from `(seed, stream, index)` alone, so user n can be produced
 * without producing users 0..n-1 (streaming 100,000 users, resolving a manager's objectId by
 * index). Faker's default Mersenne Twister costs ~30 µs per re-seed, which is most of the
 * generation time at that scale; sfc32 seeded through a cyrb128 mix costs almost nothing.
 * A dedicated instance keeps this seeding apart from any other use of faker in the process.
 */
import { type Faker, type Randomizer } from '@faker-js/faker';
// The English-only entry point: the package's main one loads every locale (about 25 MB of memory
// the harness never uses). Its instance's class and definitions build our own seeded instance.
import { faker as englishFaker } from '@faker-js/faker/locale/en';

const TWO_POW_32 = 4_294_967_296;
// Bound once: a global lookup per call is what costs most when this runs inside a vm context (test runners).
const imul = Math.imul;
const trunc = Math.trunc;
const floor = Math.floor;

/** cyrb128: spreads the seed words over four 32-bit lanes so near seeds give unrelated streams. */
function mixSeed(words: readonly number[]): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (const word of words) {
    h1 = h2 ^ imul(h1 ^ word, 597399067);
    h2 = h3 ^ imul(h2 ^ word, 2869860233);
    h3 = h4 ^ imul(h3 ^ word, 951274213);
    h4 = h1 ^ imul(h4 ^ word, 2716044179);
  }
  h1 = imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Splits each number (any magnitude, any sign) into two 32-bit words. */
function seedWords(seed: number | readonly number[]): number[] {
  const values = typeof seed === 'number' ? [seed] : seed;
  const words: number[] = [];
  for (const value of values) {
    const integer = Number.isFinite(value) ? trunc(value) : 0;
    words.push(integer >>> 0, floor(integer / TWO_POW_32) >>> 0);
  }
  return words;
}

/** sfc32 (Small Fast Counting generator): passes PractRand, four words of state. */
export class Sfc32Randomizer implements Randomizer {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 1;

  constructor(seed: number | readonly number[] = 0) {
    this.seed(seed as number | number[]);
  }

  seed(seed: number | number[]): void {
    [this.a, this.b, this.c, this.d] = mixSeed(seedWords(seed));
    // A few rounds so the first outputs do not mirror the mixed seed.
    for (let i = 0; i < 12; i += 1) this.next();
  }

  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / TWO_POW_32;
  }
}

/** A Faker (English locale) that owns its randomizer: seeding it never touches the global faker. */
export function createSeededFaker(): Faker {
  const FakerClass = englishFaker.constructor as new (options: { locale: Faker['rawDefinitions'][]; randomizer: Randomizer }) => Faker;
  return new FakerClass({ locale: [englishFaker.rawDefinitions], randomizer: new Sfc32Randomizer() });
}

/**
 * `faker.person.lastName()` without its template engine. The English locale draws a surname from
 * weighted patterns ("{{person.last_name.generic}}", and one in twenty double-barrelled), and
 * `helpers.fake()` parses the chosen pattern again on every call: about 3.5 KB of garbage and a
 * good part of a generated user's cost. The patterns are compiled here once into word lists, and
 * the picker draws from the randomizer exactly as `lastName()` does (the weighted pattern, then one
 * element per placeholder, left to right), so a seeded faker gives the same surnames either way.
 * A locale whose patterns do not compile (nested templates, missing lists) keeps `lastName()`.
 */
export function compileLastNamePicker(faker: Faker): () => string {
  const fallback = (): string => faker.person.lastName();
  const patterns = (faker.rawDefinitions.person?.last_name_pattern as { generic?: readonly { value: string; weight: number }[] } | undefined)?.generic;
  if (!patterns || patterns.length === 0) return fallback;
  const compiled: { value: () => string; weight: number }[] = [];
  for (const { value, weight } of patterns) {
    const render = compileTemplate(faker, value);
    if (!render) return fallback;
    compiled.push({ value: render, weight });
  }
  return () => faker.helpers.weightedArrayElement(compiled)();
}

/** "{{a.b.c}}-{{a.b.c}}" into a function joining one element of each list; undefined if any part is not a plain word list. */
function compileTemplate(faker: Faker, template: string): (() => string) | undefined {
  const parts = template.split(/\{\{([^{}]+)\}\}/);
  // split() with a capture group alternates literal text (even indexes) and placeholder paths (odd).
  const pieces: (string | readonly string[])[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    if (i % 2 === 0) {
      if (parts[i].includes('{{') || parts[i].includes('}}')) return undefined;
      if (parts[i] !== '') pieces.push(parts[i]);
      continue;
    }
    const list = parts[i].split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), faker.rawDefinitions);
    if (!Array.isArray(list) || list.length === 0 || !list.every((word) => typeof word === 'string' && !word.includes('{{'))) return undefined;
    pieces.push(list as readonly string[]);
  }
  return () => {
    let text = '';
    for (const piece of pieces) text += typeof piece === 'string' ? piece : faker.helpers.arrayElement(piece);
    return text;
  };
}
