import { Kinds } from '@meshwise/plugin-mesh-common';
import { twoClusters } from './__testUtils__/twoClusters';

describe('ClusterSnapshots', () => {
  it('offers a cluster’s analysis as current only while its view and settings are unchanged', async () => {
    const { snapshots, clusters, changed } = await twoClusters();
    const [one, two] = clusters;
    try {
      // Never analysed: nothing current, and reading it does not analyse.
      expect(snapshots.current(one)).toBeUndefined();
      expect(snapshots.analysisState('one')).toBeUndefined();

      snapshots.refreshNow();
      const analysed = snapshots.current(one);
      expect(analysed).toMatchObject({
        cluster: 'one',
        viewVersion: one.view.version(),
      });
      expect(snapshots.analysisState('one')).toEqual({
        generatedAt: analysed!.generatedAt,
        pending: false,
      });

      one.view.setKindState(Kinds.Pod, 'stale', 'watch failed');
      changed('one');
      expect(snapshots.current(one)).toBeUndefined();
      expect(snapshots.analysisState('one')?.pending).toBe(true);
      expect(snapshots.current(two)?.cluster).toBe('two');

      // Discovery found out about TokenRequest: other settings, so not current.
      const config = snapshots.analyzerConfig(two);
      expect(snapshots.analyzerConfig(two)).toBe(config);
      two.tokenRequestSupported = false;
      expect(snapshots.analyzerConfig(two)).toEqual({
        ...config,
        tokenRequestSupported: false,
      });
      expect(snapshots.current(two)).toBeUndefined();

      snapshots.refreshNow();
      expect(snapshots.current(one)?.viewVersion).toBe(one.view.version());
      expect(snapshots.current(two)?.id).not.toBe(analysed!.id);
    } finally {
      snapshots.stop();
    }
  });
});
