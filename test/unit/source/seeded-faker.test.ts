import fc from 'fast-check';
import { type Faker } from '@faker-js/faker';
import { compileLastNamePicker, createSeededFaker } from '../../../harness/source/seeded-faker';

/** A seeded faker whose locale's surname patterns are replaced, to exercise the compiler on other shapes. */
function fakerWithSurnamePatterns(patterns: unknown): Faker {
  const faker = createSeededFaker();
  const person = faker.rawDefinitions.person as Record<string, unknown>;
  person.last_name_pattern = patterns;
  return faker;
}

describe('compileLastNamePicker', () => {
  it('gives the surname faker.person.lastName() gives, and leaves the randomizer where lastName() leaves it', () => {
    const reference = createSeededFaker();
    const fast = createSeededFaker();
    const pick = compileLastNamePicker(fast);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.nat(1_000_000), (seed, index) => {
        reference.seed([seed, index]);
        fast.seed([seed, index]);
        expect([pick(), pick(), pick()]).toEqual([reference.person.lastName(), reference.person.lastName(), reference.person.lastName()]);
        expect(fast.number.int()).toBe(reference.number.int());
      }),
      { numRuns: 2_000 },
    );
  });

  it('draws double-barrelled surnames as the locale does (one in twenty)', () => {
    const faker = createSeededFaker();
    const pick = compileLastNamePicker(faker);
    faker.seed(11);
    const names = Array.from({ length: 20_000 }, pick);
    const hyphenated = names.filter((name) => /^[^-]+-[^-]+$/.test(name) && !faker.rawDefinitions.person?.last_name?.generic?.includes(name)).length;
    expect(hyphenated / names.length).toBeGreaterThan(0.04);
    expect(hyphenated / names.length).toBeLessThan(0.06);
  });

  it('compiles literal text around placeholders and any word list of the locale', () => {
    const faker = fakerWithSurnamePatterns({ generic: [{ value: 'Mc{{person.last_name.generic}} of {{location.city_name}}', weight: 1 }] });
    const reference = fakerWithSurnamePatterns({ generic: [{ value: 'Mc{{person.last_name.generic}} of {{location.city_name}}', weight: 1 }] });
    const pick = compileLastNamePicker(faker);
    faker.seed(3);
    reference.seed(3);
    const names = Array.from({ length: 50 }, pick);
    expect(names).toEqual(Array.from({ length: 50 }, () => reference.person.lastName()));
    expect(names.every((name) => /^Mc\S.* of .+$/.test(name))).toBe(true);
  });

  it('falls back to faker.person.lastName() when a pattern calls a function instead of naming a word list', () => {
    const patterns = { generic: [{ value: '{{person.last_name.generic}}-{{number.int}}', weight: 1 }] };
    const faker = fakerWithSurnamePatterns(patterns);
    const pick = compileLastNamePicker(faker);
    faker.seed(5);
    const name = pick();
    // Only faker's template engine can evaluate {{number.int}}: a number after the hyphen proves the fallback ran.
    expect(name).toMatch(/^\S+-\d+$/);
  });
});
