import { Config } from '@backstage/config';
import { AccessCacheSettings } from './CallerAccess';

/** Defaults of `mesh.accessCache` (see config.d.ts). */
export const DEFAULT_ACCESS_CACHE: AccessCacheSettings = {
  ttlSeconds: 5,
  maxEntries: 5_000,
};

/**
 * Reads `mesh.accessCache`; a value that cannot work (negative, not an
 * integer count) stops start-up with the setting's name rather than being
 * quietly replaced.
 */
export function readAccessCacheSettings(config: Config): AccessCacheSettings {
  const ttlSeconds =
    config.getOptionalNumber('mesh.accessCache.ttlSeconds') ??
    DEFAULT_ACCESS_CACHE.ttlSeconds;
  const maxEntries =
    config.getOptionalNumber('mesh.accessCache.maxEntries') ??
    DEFAULT_ACCESS_CACHE.maxEntries;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > 300) {
    throw new Error(
      `mesh.accessCache.ttlSeconds must be between 0 (off) and 300, got ${ttlSeconds}`,
    );
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new Error(
      `mesh.accessCache.maxEntries must be a positive integer, got ${maxEntries}`,
    );
  }
  return { ttlSeconds, maxEntries };
}
