import fc from 'fast-check';
import { ValuePool } from './ValuePool';

describe('ValuePool', () => {
  it('returns one shared copy of equal strings', () => {
    const pool = new ValuePool();
    const first = pool.intern(['istio', 'proxy'].join('-'));
    const second = pool.intern(['istio', 'proxy'].join('-'));
    expect(second).toBe(first);
    expect(pool.size.strings).toBe(1);
  });

  it('shares equal structures, frozen, and keeps different ones apart', () => {
    const pool = new ValuePool();
    const containers = () => [
      { name: 'app', image: 'example/web:1', ports: [{ containerPort: 8080 }] },
    ];
    const first = pool.share(containers());
    const second = pool.share(containers());
    const other = pool.share([{ name: 'app', image: 'example/web:2' }]);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0].ports[0])).toBe(true);
    expect(() => {
      'use strict';
      (first[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
  });

  it('passes scalars through and interns the strings of structures it shares', () => {
    const pool = new ValuePool();
    expect(pool.share(undefined)).toBeUndefined();
    expect(pool.share(3)).toBe(3);
    const label = pool.intern(['shop', 'web'].join('/'));
    const shared = pool.share({ app: ['shop', 'web'].join('/') });
    expect(shared.app).toBe(label);
  });

  it('starts over when full instead of growing without bound', () => {
    const pool = new ValuePool({ maxStrings: 2, maxStructures: 2 });
    for (const value of ['a', 'b', 'c']) pool.intern(value);
    expect(pool.size.strings).toBe(1);
    for (const value of [{ a: 1 }, { b: 1 }, { c: 1 }]) pool.share(value);
    expect(pool.size.structures).toBe(1);
  });

  it('leaves long values unshared', () => {
    const pool = new ValuePool({ maxLength: 10 });
    const long = { text: 'x'.repeat(20) };
    expect(pool.share(long)).toBe(long);
    expect(Object.isFrozen(long)).toBe(false);
    expect(pool.size).toEqual({ strings: 0, structures: 0 });
  });

  it('tells apart structures that differ only in types, order or nesting', () => {
    const pool = new ValuePool();
    const variants = [
      { a: '1' },
      { a: 1 },
      { a: true },
      { a: 'true' },
      { a: null },
      { a: 'null' },
      { a: [1] },
      { a: { b: 1 } },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      [1, 2],
      [2, 1],
      [[1], 2],
      [1, [2]],
    ];
    const shared = variants.map(v => pool.share(JSON.parse(JSON.stringify(v))));
    expect(new Set(shared).size).toBe(variants.length);
    shared.forEach((value, i) => expect(value).toEqual(variants[i]));
    // And finds each again.
    variants.forEach((v, i) =>
      expect(pool.share(JSON.parse(JSON.stringify(v)))).toBe(shared[i]),
    );
  });

  it('shares two parsed values exactly when their JSON is equal', () => {
    fc.assert(
      fc.property(
        // Half the pairs equal: unequal values alone rarely test sharing.
        fc
          .jsonValue()
          .chain(a =>
            fc.tuple(fc.constant(a), fc.oneof(fc.constant(a), fc.jsonValue())),
          ),
        ([a, b]) => {
          const pool = new ValuePool();
          const json = [JSON.stringify(a), JSON.stringify(b)];
          const first = pool.share(JSON.parse(json[0]));
          const second = pool.share(JSON.parse(json[1]));
          expect(JSON.stringify(first)).toBe(json[0]);
          expect(JSON.stringify(second)).toBe(json[1]);
          // Structures are shared when equal; scalars are themselves.
          const isStructure = typeof first === 'object' && first !== null;
          expect(
            !isStructure || (first === second) === (json[0] === json[1]),
          ).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
