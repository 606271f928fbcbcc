import { PartsCache } from './PartsCache';

describe('PartsCache', () => {
  it('computes once per combination of parts, by identity', () => {
    const cache = new PartsCache<string>();
    let runs = 0;
    const compute = (label: string) => () => {
      runs += 1;
      return label;
    };
    const a = { x: 1 };
    const b = { y: 2 };
    expect(cache.get([a, b], compute('ab'))).toBe('ab');
    expect(cache.get([a, b], compute('again'))).toBe('ab');
    expect(cache.get([a, { y: 2 }], compute('a-other'))).toBe('a-other');
    expect(cache.get([b, a], compute('ba'))).toBe('ba');
    expect(runs).toBe(3);
  });

  it('keys missing and non-object parts alike', () => {
    const cache = new PartsCache<number>();
    const a = {};
    expect(cache.get([a, undefined], () => 1)).toBe(1);
    expect(cache.get([a, null], () => 2)).toBe(1);
    expect(cache.get([a, 'text'], () => 3)).toBe(1);
    expect(cache.get([undefined], () => 4)).toBe(4);
  });
});
