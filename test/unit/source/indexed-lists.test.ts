import fc from 'fast-check';
import { IndexedLists } from '../../../harness/source/indexed-lists';

describe('IndexedLists', () => {
  it('gives each key the items paired with it, in the order given, like a map of arrays', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((keyCount) =>
          fc.tuple(fc.constant(keyCount), fc.array(fc.tuple(fc.integer({ min: 0, max: keyCount - 1 }), fc.integer({ min: 0, max: 1_000_000 })), { maxLength: 200 })),
        ),
        ([keyCount, pairs]) => {
          const lists = IndexedLists.fromPairs(keyCount, pairs.map(([key]) => key), pairs.map(([, item]) => item));
          for (let key = 0; key < keyCount; key += 1) {
            expect([...lists.itemsOf(key)]).toEqual(pairs.filter(([k]) => k === key).map(([, item]) => item));
          }
        },
      ),
    );
  });

  it('answers a key outside the range with no items', () => {
    const lists = IndexedLists.fromPairs(3, [0, 2], [7, 9]);
    expect([...lists.itemsOf(-1)]).toEqual([]);
    expect([...lists.itemsOf(3)]).toEqual([]);
    expect([...lists.itemsOf(1.5)]).toEqual([]);
    expect([...lists.itemsOf(2)]).toEqual([9]);
  });

  it('refuses a key outside the range and unpaired keys, naming the values', () => {
    expect(() => IndexedLists.fromPairs(3, [3], [1])).toThrow('key 3 is outside 0..2');
    expect(() => IndexedLists.fromPairs(3, [0, 1], [1])).toThrow('got 2 keys and 1 items');
  });
});
