import type { ClusterSyncState } from '@meshwise/plugin-mesh-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ClusterSyncTable } from './ClusterSyncTable';

const since = new Date(Date.now() - 42_000).toISOString();

describe('ClusterSyncTable', () => {
  it('marks an unreachable cluster’s data as last known, with its age, and lists kinds not read by choice apart', async () => {
    const clusters: ClusterSyncState[] = [
      {
        cluster: 'prod',
        status: 'unreachable',
        reason: 'the API server at https://10.0.0.1:6443 cannot be reached',
        kinds: [
          { group: '', kind: 'Pod', status: 'stale', since, reason: 'gone' },
          { group: '', kind: 'Service', status: 'stale', since },
          {
            group: '',
            kind: 'Secret',
            status: 'notWatched',
            since,
            reason: 'not read by configuration',
          },
        ],
      },
    ];
    await renderInTestApp(<ClusterSyncTable clusters={clusters} />);
    expect(screen.getByTestId('cluster-stale-data')).toHaveTextContent(
      /^Last known data, 4\d s old/,
    );
    expect(screen.getByText(/Pod: stale for 4\d s — gone/)).toBeInTheDocument();
    expect(
      screen.getByText('Secret: not read by configuration'),
    ).toBeInTheDocument();
  });

  it('has no marker for a synced cluster', async () => {
    await renderInTestApp(
      <ClusterSyncTable
        clusters={[
          {
            cluster: 'prod',
            status: 'synced',
            kinds: [{ group: '', kind: 'Pod', status: 'synced', since }],
          },
        ]}
      />,
    );
    expect(screen.queryByTestId('cluster-stale-data')).toBeNull();
    expect(screen.getByText('None')).toBeInTheDocument();
  });
});
