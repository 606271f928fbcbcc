import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { MeshApi, meshApiRef } from '../../api';
import { MeshDashboardPage } from './MeshDashboardPage';

function renderWith(api: Partial<MeshApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <MeshDashboardPage />
    </TestApiProvider>,
  );
}

describe('MeshDashboardPage', () => {
  it('lists each cluster with its reachability', async () => {
    await renderWith({
      getClusters: async () => [
        {
          name: 'demo',
          title: 'Demo cluster',
          reachable: true,
          version: 'v1.31.0',
        },
        { name: 'prod-eu', reachable: false, reason: 'connect ECONNREFUSED' },
      ],
    });
    expect(await screen.findByText('Demo cluster')).toBeInTheDocument();
    expect(screen.getByText('v1.31.0')).toBeInTheDocument();
    expect(
      screen.getByText('unknown: connect ECONNREFUSED'),
    ).toBeInTheDocument();
  });

  it('says what to do when no cluster is configured', async () => {
    await renderWith({ getClusters: async () => [] });
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    await renderWith({
      getClusters: async () => {
        throw new Error(
          'Request failed with 403 Forbidden, mesh.fleet.read denied',
        );
      },
    });
    expect(
      (await screen.findAllByText(/mesh.fleet.read denied/)).length,
    ).toBeGreaterThan(0);
  });
});
