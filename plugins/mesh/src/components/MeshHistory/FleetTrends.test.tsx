import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MeshApi, meshApiRef } from '../../api';
import { FleetTrends } from './FleetTrends';
import { fleetHistory, meshFigures, point } from './historyFixtures';

async function renderTrends(api: Partial<MeshApi>, clusters?: string[]) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <FleetTrends clusters={clusters} />
    </TestApiProvider>,
  );
}

const errorResponse = (status: number, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'content-type': 'application/json' },
      },
    ),
  );

const twoDays = fleetHistory([
  point(
    '2026-12-01T00:00:00.000Z',
    meshFigures({
      covered: 5,
      strict: 2,
      total: 10,
      errors: 3,
      revisions: [{ revision: '1-22', pods: 8 }],
    }),
  ),
  point('2026-12-01T12:00:00.000Z', null, 'clusters not counted: demo'),
  point(
    '2026-12-02T00:00:00.000Z',
    meshFigures({
      covered: 8,
      strict: 4,
      total: 10,
      errors: 1,
      revisions: [
        { revision: '1-22', pods: 3 },
        { revision: '1-23', pods: 5 },
      ],
    }),
  ),
]);

describe('FleetTrends', () => {
  it('charts coverage, STRICT, findings and pods per revision, with the unknown step named', async () => {
    const getFleetHistory = jest.fn(async () => twoDays);
    await renderTrends({ getFleetHistory });
    const coverage = await screen.findByRole('img', {
      name: /^Mesh coverage and STRICT mTLS over time: /,
    });
    expect(coverage.getAttribute('aria-label')).toMatch(
      /mesh coverage 50% at [^,]+, [^,]+, 80% at [^;]+; STRICT mTLS 20% at .+, 40% at /,
    );
    expect(
      screen
        .getByRole('img', { name: /^Findings by severity over time: / })
        .getAttribute('aria-label'),
    ).toMatch(/error 3 at .*, 1 at /);
    expect(
      screen
        .getByRole('img', { name: /^Upgrade progress: pods per revision: / })
        .getAttribute('aria-label'),
    ).toMatch(/1-22 8 at .*, 3 at .* pods; 1-23 0 at .*, 5 at .* pods/);
    expect(
      screen.getByText(/1 of 3 points are unknown and left as gaps/),
    ).toHaveTextContent('latest: clusters not counted: demo');
    // The default range: the last 30 days.
    const [query] = getFleetHistory.mock.calls[0] as unknown as [
      { from: string },
    ];
    const days = (Date.now() - Date.parse(query.from)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });

  it('asks again for the range chosen', async () => {
    const getFleetHistory = jest.fn(async () => twoDays);
    await renderTrends({ getFleetHistory });
    await screen.findByRole('img', { name: /^Findings by severity/ });
    await userEvent.click(screen.getByRole('button', { name: /Range/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 7 days' }),
    );
    await screen.findByRole('img', { name: /^Findings by severity/ });
    const [query] = getFleetHistory.mock.calls[1] as unknown as [
      { from: string },
    ];
    expect(Math.round((Date.now() - Date.parse(query.from)) / 86_400_000)).toBe(
      7,
    );
  });

  it('says so when history is off, not as an error', async () => {
    const off = await errorResponse(
      404,
      'Mesh history is off (mesh.history.enabled: false)',
    );
    await renderTrends({
      getFleetHistory: async () => {
        throw off;
      },
    });
    expect(
      await screen.findByText(/History is off in this portal/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Not known to the mesh backend')).toBeNull();
  });

  it('says when there is no sample yet', async () => {
    await renderTrends({ getFleetHistory: async () => fleetHistory([]) });
    expect(
      await screen.findByText(/No history samples in this range yet/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('shows a denied request as an error with the permission', async () => {
    const denied = await errorResponse(403, 'mesh.fleet.read denied');
    await renderTrends({
      getFleetHistory: async () => {
        throw denied;
      },
    });
    expect(await screen.findByText('Access denied')).toBeInTheDocument();
    expect(screen.getAllByText(/mesh\.fleet\.read/).length).toBeGreaterThan(0);
  });

  it('charts the clusters in scope only', async () => {
    const eu = [
      point(
        '2026-12-01T00:00:00.000Z',
        meshFigures({ covered: 1, strict: 1, total: 4 }),
      ),
    ];
    await renderTrends(
      {
        getFleetHistory: async () =>
          fleetHistory(twoDays.fleet, { eu, us: [] }),
      },
      ['eu'],
    );
    expect(
      (
        await screen.findByRole('img', { name: /^Mesh coverage and STRICT/ })
      ).getAttribute('aria-label'),
    ).toMatch(/mesh coverage 25% at [^,]+, [^,;]+; STRICT mTLS 25%/);
  });
});
