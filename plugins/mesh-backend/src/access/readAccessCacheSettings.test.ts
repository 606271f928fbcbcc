import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_ACCESS_CACHE,
  readAccessCacheSettings,
} from './readAccessCacheSettings';

const read = (accessCache?: object) =>
  readAccessCacheSettings(new ConfigReader({ mesh: { accessCache } }));

describe('readAccessCacheSettings', () => {
  it('defaults to a few seconds and a bounded size', () => {
    expect(read()).toEqual(DEFAULT_ACCESS_CACHE);
    expect(DEFAULT_ACCESS_CACHE.ttlSeconds).toBeGreaterThan(0);
    expect(DEFAULT_ACCESS_CACHE.ttlSeconds).toBeLessThanOrEqual(10);
  });

  it('takes 0 as off and any value in range', () => {
    expect(read({ ttlSeconds: 0 }).ttlSeconds).toBe(0);
    expect(read({ ttlSeconds: 2.5, maxEntries: 10 })).toEqual({
      ttlSeconds: 2.5,
      maxEntries: 10,
    });
  });

  it('stops start-up on a value that cannot work, naming the setting', () => {
    expect(() => read({ ttlSeconds: -1 })).toThrow(
      'mesh.accessCache.ttlSeconds',
    );
    expect(() => read({ ttlSeconds: 3600 })).toThrow(
      'mesh.accessCache.ttlSeconds',
    );
    expect(() => read({ maxEntries: 0 })).toThrow(
      'mesh.accessCache.maxEntries',
    );
    expect(() => read({ maxEntries: 1.5 })).toThrow(
      'mesh.accessCache.maxEntries',
    );
  });
});
