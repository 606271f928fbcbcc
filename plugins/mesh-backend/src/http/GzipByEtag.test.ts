import { randomBytes } from 'crypto';
import { gunzipSync } from 'zlib';
import { GzipByEtag } from './GzipByEtag';

const body = (text: string) => Buffer.from(JSON.stringify({ text }));

describe('GzipByEtag', () => {
  it('gzips a body once per ETag, and again when the ETag changes', () => {
    const cache = new GzipByEtag();
    const first = cache.gzip('W/"a"', body('one'));
    expect(gunzipSync(first).toString()).toBe(body('one').toString());
    // Same ETag: the kept buffer itself, not a new compression.
    expect(cache.gzip('W/"a"', body('one'))).toBe(first);
    const changed = cache.gzip('W/"b"', body('two'));
    expect(gunzipSync(changed).toString()).toBe(body('two').toString());
  });

  it('holds at most maxEntries, dropping the least recently used', () => {
    const cache = new GzipByEtag({ maxEntries: 2 });
    const a = cache.gzip('a', body('a'));
    cache.gzip('b', body('b'));
    cache.gzip('a', body('a'));
    cache.gzip('c', body('c')); // evicts b
    expect(cache.size).toBe(2);
    expect(cache.gzip('a', body('a'))).toBe(a);
    const b = cache.gzip('b', body('b'));
    expect(cache.gzip('b', body('b'))).toBe(b);
    expect(cache.size).toBe(2);
  });

  it('holds at most maxBytes of compressed answers, and keeps none larger', () => {
    const a = body('a'.repeat(100));
    const size = new GzipByEtag().gzip('x', a).length;
    const cache = new GzipByEtag({ maxBytes: size * 2 });
    cache.gzip('1', a);
    cache.gzip('2', a);
    expect(cache.heldBytes).toBe(size * 2);
    cache.gzip('3', a); // evicts 1
    expect(cache.size).toBe(2);
    expect(cache.heldBytes).toBe(size * 2);
    // Incompressible: its gzip is larger than maxBytes.
    const random = randomBytes(4 * size);
    const big = cache.gzip('big', random);
    expect(gunzipSync(big)).toEqual(random);
    expect(cache.gzip('big', random)).not.toBe(big);
    expect(cache.heldBytes).toBeLessThanOrEqual(size * 2);
  });
});
