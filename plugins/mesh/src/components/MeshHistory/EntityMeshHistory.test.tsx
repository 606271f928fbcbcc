import { ResponseError } from '@backstage/errors';
import type { EntityHistory } from '@meshwise/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import { renderEntityComponent } from '../../__testUtils__/renderEntityComponent';
import { EntityMeshHistory } from './EntityMeshHistory';

const HOUR = 3_600_000;

function history(now: number): EntityHistory {
  return {
    entityRef: 'component:default/productpage',
    from: new Date(now - 30 * 24 * HOUR).toISOString(),
    to: new Date(now).toISOString(),
    stepMs: 6 * HOUR,
    points: [
      {
        at: new Date(now - 48 * HOUR).toISOString(),
        sampledAt: new Date(now - 48 * HOUR).toISOString(),
        figures: {
          workloads: 1,
          pods: 2,
          dataPlane: 'sidecar',
          mtls: 'STRICT',
          revisions: ['1-22'],
          findings: { error: 0, warning: 1, info: 0 },
        },
      },
      {
        at: new Date(now - 6 * HOUR).toISOString(),
        sampledAt: new Date(now - 6 * HOUR).toISOString(),
        figures: null,
        unknownReason: 'in clusters not synced: demo',
      },
      {
        at: new Date(now - HOUR).toISOString(),
        sampledAt: new Date(now - HOUR).toISOString(),
        figures: {
          workloads: 1,
          pods: 2,
          dataPlane: 'sidecar',
          mtls: 'STRICT',
          revisions: ['1-22'],
          findings: { error: 1, warning: 1, info: 0 },
        },
      },
    ],
    findings: [
      {
        id: 'MW105|demo|a',
        code: 'MW105',
        severity: 'warning',
        cluster: 'demo',
        firstSeenAt: new Date(now - 40 * 24 * HOUR).toISOString(),
        lastSeenAt: new Date(now - HOUR).toISOString(),
      },
      {
        id: 'MW302|demo|b',
        code: 'MW302',
        severity: 'error',
        cluster: 'demo',
        firstSeenAt: new Date(now - 2 * HOUR).toISOString(),
        lastSeenAt: new Date(now - HOUR).toISOString(),
      },
      { id: 'MW301|demo|c', code: 'MW301', severity: 'error', cluster: 'demo' },
    ],
  };
}

describe('EntityMeshHistory', () => {
  it('shows the findings over 30 days and when each current finding appeared', async () => {
    const getEntityHistory = jest.fn(async (_ref: object) =>
      history(Date.now()),
    );
    await renderEntityComponent(<EntityMeshHistory />, { getEntityHistory });
    const chart = await screen.findByRole('img', {
      name: /^Findings over the last 30 days: /,
    });
    expect(chart.getAttribute('aria-label')).toMatch(
      /3 points; latest at .*: 1 errors, 1 warnings, 0 info; 1 points unknown/,
    );
    expect(
      screen.getByText(/1 of 3 points unknown \(gaps\)/),
    ).toHaveTextContent('in clusters not synced: demo');
    expect(getEntityHistory.mock.calls[0][0]).toEqual({
      kind: 'Component',
      namespace: 'default',
      name: 'productpage',
    });

    expect(
      screen.getByText('Current findings: 3, 1 new since yesterday'),
    ).toBeInTheDocument();
    const items = within(
      screen.getByRole('list', {
        name: 'When the current findings first appeared',
      }),
    ).getAllByRole('listitem');
    // Errors first, the most recent first among them.
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(/^MW302.*new since yesterday.*first seen/),
      expect.stringMatching(/^MW301.*not seen by a history sample yet/),
      expect.stringMatching(/^MW105.*first seen/),
    ]);
    expect(items[2].textContent).not.toMatch(/new since yesterday/);
  });

  it('says so when history is off', async () => {
    const off = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotFoundError',
            message: 'Mesh history is off (mesh.history.enabled: false)',
          },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderEntityComponent(<EntityMeshHistory />, {
      getEntityHistory: async () => {
        throw off;
      },
    });
    expect(
      await screen.findByText(/History is off in this portal/),
    ).toBeInTheDocument();
  });

  it('says when the service has no sample yet', async () => {
    const now = Date.now();
    await renderEntityComponent(<EntityMeshHistory />, {
      getEntityHistory: async () => ({
        ...history(now),
        points: [],
        findings: [],
      }),
    });
    expect(
      await screen.findByText(/No history samples of this service/),
    ).toBeInTheDocument();
    expect(screen.getByText('Current findings: none')).toBeInTheDocument();
  });
});
