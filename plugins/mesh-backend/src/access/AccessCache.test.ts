import { AccessCache } from './AccessCache';

type Outcome = 'allowed' | 'denied';
const keepAllowed = { keep: (value: Outcome) => value === 'allowed' };

function setUp(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000_000;
  const cache = new AccessCache<Outcome>({
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries ?? 100,
    now: () => now,
  });
  const decisions: string[] = [];
  /** Decides `outcome` for `key`, recording that it was asked. */
  const ask = (key: string, outcome: Outcome = 'allowed', notAfter?: number) =>
    cache.remember(
      key,
      async () => {
        decisions.push(key);
        return outcome;
      },
      { ...keepAllowed, notAfter },
    );
  return {
    cache,
    ask,
    decisions,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

describe('AccessCache', () => {
  it('keeps a grant per key: the same key is not decided again, another key is', async () => {
    const { ask, decisions } = setUp();
    expect(await ask('alice|productpage')).toBe('allowed');
    expect(await ask('alice|productpage')).toBe('allowed');
    expect(decisions).toEqual(['alice|productpage']);
    expect(await ask('mallory|productpage', 'denied')).toBe('denied');
    expect(decisions).toEqual(['alice|productpage', 'mallory|productpage']);
  });

  it('never keeps a refusal, so it is never read back as a grant and a new grant shows at once', async () => {
    const { ask, decisions } = setUp();
    expect(await ask('bob|reviews', 'denied')).toBe('denied');
    expect(await ask('bob|reviews', 'denied')).toBe('denied');
    expect(decisions).toHaveLength(2);
    expect(await ask('bob|reviews', 'allowed')).toBe('allowed');
    expect(decisions).toHaveLength(3);
  });

  it('decides again once the time to live has passed', async () => {
    const { ask, decisions, advance } = setUp({ ttlMs: 5_000 });
    await ask('alice|productpage');
    advance(4_999);
    await ask('alice|productpage');
    expect(decisions).toHaveLength(1);
    advance(1);
    // A grant withdrawn meanwhile is seen now.
    expect(await ask('alice|productpage', 'denied')).toBe('denied');
    expect(decisions).toHaveLength(2);
  });

  it('keeps a grant no longer than the caller’s token lives', async () => {
    const { ask, decisions, advance, now } = setUp({ ttlMs: 5_000 });
    await ask('alice|productpage', 'allowed', now() + 1_000);
    advance(999);
    await ask('alice|productpage', 'allowed', now() + 1);
    expect(decisions).toHaveLength(1);
    advance(1);
    await ask('alice|productpage');
    expect(decisions).toHaveLength(2);
    // An expired token's outcome is not kept at all.
    await ask('carol|productpage', 'allowed', now() - 1);
    await ask('carol|productpage', 'allowed', now() - 1);
    expect(decisions.filter(key => key.startsWith('carol'))).toHaveLength(2);
  });

  it('passes a failure on and keeps nothing of it', async () => {
    const { cache, ask, decisions } = setUp();
    await expect(
      cache.remember(
        'alice|productpage',
        async () => {
          throw new Error('catalog unavailable');
        },
        keepAllowed,
      ),
    ).rejects.toThrow('catalog unavailable');
    expect(await ask('alice|productpage')).toBe('allowed');
    expect(decisions).toHaveLength(1);
  });

  it('holds at most maxEntries, dropping the least recently used', async () => {
    const { cache, ask, decisions } = setUp({ maxEntries: 2 });
    await ask('a');
    await ask('b');
    await ask('a'); // a is now the most recently used
    await ask('c'); // evicts b
    expect(cache.size).toBe(2);
    expect(decisions).toEqual(['a', 'b', 'c']);
    await ask('a');
    await ask('c');
    expect(decisions).toEqual(['a', 'b', 'c']);
    await ask('b');
    expect(decisions).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.size).toBe(2);
  });

  it('decides once for concurrent requests of one key, and separately for other keys', async () => {
    const { cache } = setUp();
    let release: (outcome: Outcome) => void = () => {};
    const decide = jest.fn(
      () =>
        new Promise<Outcome>(resolve => {
          release = resolve;
        }),
    );
    const waiting = Array.from({ length: 5 }, () =>
      cache.remember('alice|productpage', decide, keepAllowed),
    );
    const other = cache.remember(
      'bob|productpage',
      async () => 'denied' as Outcome,
      keepAllowed,
    );
    expect(decide).toHaveBeenCalledTimes(1);
    release('allowed');
    expect(await Promise.all(waiting)).toEqual(Array(5).fill('allowed'));
    expect(await other).toBe('denied');
  });

  it('with a time to live of 0 keeps nothing and shares nothing', async () => {
    const { cache, ask, decisions } = setUp({ ttlMs: 0 });
    expect(cache.enabled).toBe(false);
    await Promise.all([ask('a'), ask('a')]);
    await ask('a');
    expect(decisions).toEqual(['a', 'a', 'a']);
    expect(cache.size).toBe(0);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new AccessCache({ ttlMs: -1, maxEntries: 1 })).toThrow(
      /ttlMs/,
    );
    expect(() => new AccessCache({ ttlMs: 1, maxEntries: 0 })).toThrow(
      /maxEntries/,
    );
  });
});
