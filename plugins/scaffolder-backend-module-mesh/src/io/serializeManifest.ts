import { stringify } from 'yaml';
import type { Manifest } from '../domain/Manifest';

/**
 * YAML for one manifest. Emitted with YAML 1.1 scalar rules so that strings
 * such as "yes", "on" or "0755" are quoted: Kubernetes tooling still parses
 * YAML with 1.1 semantics and would otherwise read them as booleans or numbers.
 */
export function serializeManifest(manifest: Manifest): string {
  return stringify(manifest, {
    version: '1.1',
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}
