import { SetIndex, countOf, membersOf } from './SetIndex';

const members = (index: SetIndex<string>, key: string) =>
  [...membersOf(index.get(key))].sort();

describe('SetIndex', () => {
  it('adds, counts and removes members, one or many', () => {
    const index = new SetIndex<string>();
    expect(index.get('k')).toBeUndefined();
    expect(countOf(index.get('k'))).toBe(0);

    index.add('k', 'a');
    expect(members(index, 'k')).toEqual(['a']);
    index.add('k', 'a');
    expect(countOf(index.get('k'))).toBe(1);

    index.add('k', 'b');
    index.add('k', 'c');
    expect(members(index, 'k')).toEqual(['a', 'b', 'c']);
    expect(countOf(index.get('k'))).toBe(3);

    index.delete('k', 'b');
    index.delete('k', 'a');
    expect(members(index, 'k')).toEqual(['c']);
    expect(index.has('k')).toBe(true);
    index.delete('k', 'missing');
    expect(members(index, 'k')).toEqual(['c']);
    index.delete('k', 'c');
    expect(index.has('k')).toBe(false);
    index.delete('k', 'c');
    expect(index.get('k')).toBeUndefined();
  });

  it('keeps keys apart', () => {
    const index = new SetIndex<string>();
    index.add('x', '1');
    index.add('y', '2');
    index.add('y', '3');
    expect(members(index, 'x')).toEqual(['1']);
    expect(members(index, 'y')).toEqual(['2', '3']);
  });
});

describe('SetIndex with many members', () => {
  it('holds past the array size and back down to one', () => {
    const index = new SetIndex<string>();
    const all = Array.from({ length: 40 }, (_, i) => `m${i}`);
    for (const m of all) index.add('k', m);
    index.add('k', 'm3');
    expect(countOf(index.get('k'))).toBe(40);
    expect(members(index, 'k')).toEqual([...all].sort());
    for (const m of all.slice(1)) index.delete('k', m);
    expect(members(index, 'k')).toEqual(['m0']);
    expect(index.get('k')).toBe('m0');
  });

  it('ignores deleting a member that is not there', () => {
    const index = new SetIndex<string>();
    index.add('k', 'a');
    index.add('k', 'b');
    index.delete('k', 'c');
    expect(members(index, 'k')).toEqual(['a', 'b']);
  });
});

describe('SetIndex of objects', () => {
  it('tells members apart by identity', () => {
    const index = new SetIndex<{ name: string }>();
    const a = { name: 'a' };
    const alsoA = { name: 'a' };
    index.add('k', a);
    index.add('k', alsoA);
    expect(countOf(index.get('k'))).toBe(2);
    index.delete('k', a);
    expect([...membersOf(index.get('k'))]).toEqual([alsoA]);
    expect(index.get('k')).toBe(alsoA);
  });
});
