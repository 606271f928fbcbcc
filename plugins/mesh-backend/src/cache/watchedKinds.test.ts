import {
  WATCHED_KINDS as ANALYZED_KINDS,
  kindKey,
} from '@meshwise/plugin-mesh-common';
import { READ_OPTION_KINDS, WATCHED_KINDS, watchedKinds } from './watchedKinds';

describe('watchedKinds', () => {
  it('watches exactly what the analyzers read, Secrets only when asked', () => {
    const analyzed = ANALYZED_KINDS.map(kindKey);
    expect(WATCHED_KINDS.map(kindKey)).toEqual(analyzed);
    expect(watchedKinds().map(kindKey)).toEqual(
      analyzed.filter(key => key !== '/Secret'),
    );
  });

  it('has read options only for kinds the analyzers read', () => {
    const analyzed = new Set(ANALYZED_KINDS.map(kindKey));
    for (const key of READ_OPTION_KINDS) expect(analyzed).toContain(key);
  });

  it('reads Secrets as metadata only and ConfigMaps from the root namespace only', () => {
    const kinds = watchedKinds({
      rootNamespace: 'mesh-root',
      secretMetadata: true,
    });
    expect(kinds.find(k => k.kind === 'Secret')).toMatchObject({
      metadataOnly: 'required',
    });
    expect(kinds.find(k => k.kind === 'ConfigMap')).toMatchObject({
      namespace: 'mesh-root',
    });
    expect(kinds.find(k => k.kind === 'Pod')?.namespace).toBeUndefined();
  });
});
