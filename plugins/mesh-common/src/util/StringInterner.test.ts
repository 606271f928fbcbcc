import { StringInterner } from './StringInterner';

describe('StringInterner', () => {
  it('returns one copy per distinct value', () => {
    const interner = new StringInterner();
    const parts = ['team-a', 'svc', 'v1'];
    const first = interner.intern(parts.join('|'));
    const second = interner.intern(`${parts[0]}|${parts[1]}|${parts[2]}`);
    expect(second).toBe(first);
    expect(first).toBe('team-a|svc|v1');
    expect(interner.intern('other')).toBe('other');
  });

  it('starts over when full, still returning equal values', () => {
    const interner = new StringInterner(2);
    expect(interner.intern('a')).toBe('a');
    expect(interner.intern('b')).toBe('b');
    expect(interner.intern('c')).toBe('c');
    expect(interner.intern('a')).toBe('a');
  });
});
