import { WATCHED_KINDS, kindKey } from '@meshwise/plugin-mesh-common';
import {
  READ_OPTION_KINDS,
  collectionPathOf,
  watchedKinds,
} from './watchedKinds';

describe('watchedKinds', () => {
  it('watches exactly what the analyzers read, as mesh-common lists it, Secrets only when asked', () => {
    const analyzed = WATCHED_KINDS.map(kindKey);
    const all = watchedKinds({ secretMetadata: true });
    expect(all.map(kindKey)).toEqual(analyzed);
    expect(watchedKinds().map(kindKey)).toEqual(
      analyzed.filter(key => key !== '/Secret'),
    );
    // Where each kind is served comes from mesh-common's list too.
    all.forEach((kind, i) =>
      expect(kind).toMatchObject({
        plural: WATCHED_KINDS[i].plural,
        namespaced: WATCHED_KINDS[i].namespaced,
        versions: WATCHED_KINDS[i].versions,
      }),
    );
  });

  it('has read options only for kinds the analyzers read', () => {
    const analyzed = new Set(WATCHED_KINDS.map(kindKey));
    for (const key of READ_OPTION_KINDS) expect(analyzed).toContain(key);
  });

  it('reads metadata only of Secrets (required) and ReplicaSets (preferred), every other kind whole', () => {
    const metadataOnly = Object.fromEntries(
      watchedKinds({ secretMetadata: true })
        .filter(kind => kind.metadataOnly)
        .map(kind => [kindKey(kind), kind.metadataOnly]),
    );
    // Decided here alone: ServiceAccounts are read whole
    // (`automountServiceAccountToken` is outside metadata), and so are
    // MutatingWebhookConfigurations (their `webhooks[]` are read).
    expect(metadataOnly).toEqual({
      '/Secret': 'required',
      'apps/ReplicaSet': 'preferred',
    });
  });

  it('reads ConfigMaps from the root namespace only, everything else cluster-wide', () => {
    const kinds = watchedKinds({ rootNamespace: 'mesh-root' });
    const configMaps = kinds.find(k => k.kind === 'ConfigMap')!;
    expect(configMaps.namespace).toBe('mesh-root');
    expect(collectionPathOf(configMaps, 'v1')).toBe(
      '/api/v1/namespaces/mesh-root/configmaps',
    );
    expect(
      kinds.filter(k => k.namespace !== undefined).map(k => k.kind),
    ).toEqual(['ConfigMap']);
    const pods = kinds.find(k => k.kind === 'Pod')!;
    expect(collectionPathOf(pods, 'v1')).toBe('/api/v1/pods');
  });
});
