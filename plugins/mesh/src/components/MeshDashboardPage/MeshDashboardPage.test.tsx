import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router-dom';
import { MeshApi, meshApiRef } from '../../api';
import { fakeFleetApi } from '../../__fixtures__/fakeFleetApi';
import { summarizeFleet } from '@meshwise/plugin-mesh-common';
import {
  demoClusterSummary,
  demoClusters,
  demoFleetSummary,
  generateFindings,
  generateServiceRows,
} from '../../__fixtures__/fleetFixtures';
import { MeshDashboardPage } from './MeshDashboardPage';

const rows = generateServiceRows(120);
const findings = generateFindings(rows);

const LocationProbe = () => {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <output aria-label="location">{location.search}</output>
      <button onClick={() => navigate(-1)}>Browser back</button>
    </>
  );
};

function fleetApi(overrides: Partial<MeshApi> = {}, data = { rows, findings }) {
  const fake = fakeFleetApi(data.rows, data.findings);
  return {
    getFleetSummary: jest.fn(async () => demoFleetSummary),
    getClusters: jest.fn(async () => demoClusters),
    getServices: jest.fn(fake.getServices),
    getFindings: jest.fn(fake.getFindings),
    // The trends are tested in MeshHistory; here they have no samples.
    getFleetHistory: jest.fn(async () => ({
      from: '2026-11-03T00:00:00.000Z',
      to: '2026-12-03T00:00:00.000Z',
      stepMs: 3_600_000,
      fleet: [],
      clusters: {},
      findingsFirstSeenInLastDay: 0,
    })),
    ...overrides,
  };
}

// A short page keeps the jsdom renders quick; paging itself is tested below.
async function renderDashboard(api: Partial<MeshApi>, url = '/?limit=25') {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <MeshDashboardPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const search = () =>
  new URLSearchParams(screen.getByLabelText('location').textContent ?? '');
const servicesTable = () => screen.getByRole('table', { name: 'Services' });
// Plain selectors: role queries over a full page of rows are slow in jsdom.
const bodyRows = (table: HTMLElement) =>
  Array.from(table.querySelectorAll('tbody tr'));
const cellText = (row: Element, column: number) =>
  row.querySelectorAll('td')[column]?.textContent ?? '';
const serviceNames = () => bodyRows(servicesTable()).map(r => cellText(r, 0));

describe('MeshDashboardPage', () => {
  it('shows fleet KPIs, charts and cluster sync state from the summary', async () => {
    await renderDashboard(fleetApi());
    expect(
      await screen.findByLabelText('Mesh coverage: 87%'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('STRICT mTLS: 96%')).toBeInTheDocument();
    expect(
      screen.getByText('26 of 30 workloads in the mesh'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2 expired, failing or ≤ 7 days'),
    ).toBeInTheDocument();
    expect(screen.getByText('3 error')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: /Certificates by time to expiry: Expired: 0, Not ready: 1, ≤ 7 days: 1/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: /ApmServer|APM Server: 1 green, 0 yellow, 1 red/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('demo: upgrade to 1-24-3 · 13 of 23 pods (57%)'),
    ).toBeInTheDocument();
    const clusters = screen.getByRole('table', { name: 'Clusters' });
    expect(
      within(clusters).getByText('Demo cluster (emulated)'),
    ).toBeInTheDocument();
    expect(
      within(clusters).getByText(
        /GRPCRoute \(gateway.networking.k8s.io\): notInstalled/,
      ),
    ).toBeInTheDocument();
  });

  it('reads filters, sort and page from the URL and sends them to the backend', async () => {
    const api = fleetApi();
    await renderDashboard(
      api,
      '/?tab=findings&severity=error&cluster=demo&sort=-severity&offset=0&limit=25',
    );
    await screen.findByRole('table', { name: 'Findings' });
    await waitFor(() =>
      expect(api.getFindings).toHaveBeenLastCalledWith({
        severity: ['error'],
        cluster: ['demo'],
        sort: '-severity',
        limit: 25,
      }),
    );
    // Services are asked only for the tab count and the namespace list.
    for (const [q] of (api.getServices as jest.Mock).mock.calls) {
      expect([1, 500]).toContain(q?.limit);
    }
    expect(screen.getByRole('button', { name: 'error' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Findings' });
    await waitFor(() =>
      expect(within(table).getAllByRole('row').length).toBeGreaterThan(1),
    );
    for (const row of within(table).getAllByRole('row').slice(1)) {
      expect(within(row).getByText('Error')).toBeInTheDocument();
      expect(row.textContent).toContain('demo');
    }
  });

  it('writes a chosen filter to the URL and returns to the first page', async () => {
    const api = fleetApi();
    await renderDashboard(api, '/?offset=50&limit=25');
    await screen.findByRole('table', { name: 'Services' });
    const severity = screen.getByLabelText('Severity');
    await userEvent.click(severity);
    await userEvent.click(await screen.findByRole('option', { name: 'error' }));
    await waitFor(() => expect(search().getAll('severity')).toEqual(['error']));
    expect(search().get('offset')).toBeNull();
    await waitFor(() =>
      expect(api.getServices).toHaveBeenCalledWith({
        severity: ['error'],
        limit: 25,
      }),
    );
    await waitFor(() => expect(serviceNames()).toContain('svc-0000'));
    expect(serviceNames()).not.toContain('svc-0001');
  });

  it('searches after a pause in typing and keeps the search in the URL', async () => {
    const api = fleetApi();
    await renderDashboard(api);
    await screen.findByRole('table', { name: 'Services' });
    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'svc-0042' },
    });
    await waitFor(() => expect(search().get('search')).toBe('svc-0042'));
    await waitFor(() => expect(serviceNames()).toEqual(['svc-0042']));
    const link = within(servicesTable()).getByRole('link', {
      name: 'svc-0042',
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/svc-0042/mesh',
    );
  });

  it('sorts by a column, worst first for counts, and toggles direction', async () => {
    const api = fleetApi();
    await renderDashboard(api);
    await screen.findByRole('table', { name: 'Services' });
    await userEvent.click(screen.getByRole('button', { name: 'Pods' }));
    await waitFor(() => expect(search().get('sort')).toBe('-pods'));
    const headers = within(servicesTable()).getAllByRole('columnheader');
    expect(headers.map(h => h.getAttribute('aria-sort'))).toEqual(
      headers.map(h =>
        h.textContent?.startsWith('Pods') ? 'descending' : null,
      ),
    );
    await waitFor(() => {
      const pods = bodyRows(servicesTable()).map(r => Number(cellText(r, 7)));
      expect(pods[0]).toBe(7);
      expect(pods).toEqual([...pods].sort((a, b) => b - a));
    });
    await userEvent.click(screen.getByRole('button', { name: 'Pods' }));
    await waitFor(() => expect(search().get('sort')).toBe('pods'));
  });

  it('pages through the services with the page in the URL', async () => {
    const api = fleetApi();
    await renderDashboard(api);
    await screen.findByText('1-25 of 120');
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(search().get('offset')).toBe('25'));
    expect(await screen.findByText('26-50 of 120')).toBeInTheDocument();
    expect(serviceNames()[0]).toBe('svc-0025');
  });

  it('keeps filters but drops the sort when switching tables', async () => {
    const api = fleetApi();
    await renderDashboard(
      api,
      '/?team=group%3Adefault%2Fpayments&sort=-pods&limit=25',
    );
    await screen.findByRole('table', { name: 'Services' });
    await userEvent.click(screen.getByRole('tab', { name: /Findings/ }));
    await waitFor(() => expect(search().get('tab')).toBe('findings'));
    expect(search().getAll('team')).toEqual(['group:default/payments']);
    expect(search().get('sort')).toBeNull();
  });

  it('says what to do when no cluster is configured', async () => {
    await renderDashboard(
      fleetApi({
        getClusters: async () => [],
        getFleetSummary: async () => ({ ...demoFleetSummary, clusters: [] }),
      }),
    );
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kubernetes.clusterLocatorMethods/),
    ).toBeInTheDocument();
  });

  it('explains a denied fleet request', async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'mesh.fleet.read denied' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'content-type': 'application/json' },
        },
      ),
    );
    await renderDashboard(
      fleetApi({ getFleetSummary: async () => Promise.reject(error) }),
    );
    expect(await screen.findByText('Access denied')).toBeInTheDocument();
    expect(screen.getByText(/permission mesh.fleet.read/)).toBeInTheDocument();
  });

  it('says so when no service matches', async () => {
    await renderDashboard(fleetApi(), '/?search=nothing-matches-this&limit=25');
    expect(
      await screen.findByText(/No service matches these filters/),
    ).toBeInTheDocument();
  });
});

describe('MeshDashboardPage drill-down', () => {
  // Fewer rows than above: these tests are about where clicks lead, and
  // jsdom renders every row.
  const few = generateServiceRows(30);
  const fewFindings = generateFindings(few);
  const smallApi = (overrides: Partial<MeshApi> = {}) =>
    fleetApi(overrides, { rows: few, findings: fewFindings });

  const prod = {
    ...demoClusterSummary,
    cluster: 'prod',
    workloads: {
      ...demoClusterSummary.workloads,
      total: 10,
    },
    meshCoverage: { covered: 5, total: 10, ratio: 0.5 },
    findings: {
      total: 4,
      bySeverity: { error: 4, warning: 0, info: 0 },
      byCode: { MW101: 4 },
    },
  };
  const twoClusters = summarizeFleet(
    [demoClusterSummary, prod],
    new Date(demoFleetSummary.generatedAt),
  );
  // Each of these renders the page twice (before and after a navigation):
  // slower than the default allows on a busy machine.
  const NAVIGATION_TIMEOUT = 90_000;
  const twoClusterApi = () =>
    smallApi({ getFleetSummary: jest.fn(async () => twoClusters) });

  it('computes the KPIs for the whole fleet without a cluster filter', async () => {
    await renderDashboard(twoClusterApi(), '/?limit=25');
    expect(
      await screen.findByLabelText('Mesh coverage: 78%'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-scope')).toHaveTextContent(
      'Figures for the whole fleet.',
    );
  });

  it('computes the KPIs for the filtered clusters and says the other filters apply to the lists', async () => {
    await renderDashboard(
      twoClusterApi(),
      '/?cluster=prod&team=group%3Adefault%2Fpayments&limit=25',
    );
    expect(
      await screen.findByLabelText('Mesh coverage: 50%'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('mesh-scope')).toHaveTextContent(
      'Figures for cluster prod; the team filter applies to the lists below only.',
    );
    const kpis = screen.getByLabelText('Fleet KPIs');
    const error = within(kpis).getByLabelText('4 error findings');
    expect(error).toHaveAttribute(
      'href',
      '/?cluster=prod&severity=error&tab=findings',
    );
  });

  it(
    'opens the list behind a KPI chip, and Back returns to the figures',
    async () => {
      await renderDashboard(smallApi(), '/?limit=25');
      const kpis = await screen.findByLabelText('Fleet KPIs');
      await userEvent.click(within(kpis).getByLabelText('3 error findings'));
      await waitFor(() => expect(search().get('tab')).toBe('findings'));
      expect(search().getAll('severity')).toEqual(['error']);
      const table = await screen.findByLabelText('Findings', {
        selector: 'table',
      });
      await waitFor(() => expect(bodyRows(table).length).toBeGreaterThan(0));
      for (const row of bodyRows(table))
        expect(row.textContent).toContain('Error');
      await userEvent.click(screen.getByText('Browser back'));
      await waitFor(() => expect(search().get('tab')).toBeNull());
    },
    NAVIGATION_TIMEOUT,
  );

  it('links each frequent-findings bar to its code', async () => {
    await renderDashboard(smallApi(), '/?cluster=demo&limit=25');
    const links = await screen.findByLabelText(
      'Lists behind Most frequent findings',
    );
    const first = within(links).getAllByRole('link')[0];
    expect(first.getAttribute('href')).toMatch(
      /^\/\?cluster=demo&code=MW\d{3}&tab=findings$/,
    );
  });

  it('counts what each tab would show under the current filters', async () => {
    await renderDashboard(smallApi(), '/?severity=error&limit=25');
    const errorRows = few.filter(r => r.findings.error > 0).length;
    const errorFindings = fewFindings.filter(
      f => f.severity === 'error',
    ).length;
    expect(
      await screen.findByRole('tab', { name: `Services (${errorRows})` }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('tab', { name: `Findings (${errorFindings})` }),
    ).toBeInTheDocument();
  });

  it(
    'adds a history entry per filter change, so Back undoes it',
    async () => {
      await renderDashboard(smallApi(), '/?limit=25');
      await screen.findByRole('table', { name: 'Services' });
      await userEvent.click(screen.getByLabelText('Severity'));
      await userEvent.click(
        await screen.findByRole('option', { name: 'error' }),
      );
      await waitFor(() =>
        expect(search().getAll('severity')).toEqual(['error']),
      );
      await userEvent.click(screen.getByText('Browser back'));
      await waitFor(() => expect(search().getAll('severity')).toEqual([]));
      expect(search().get('limit')).toBe('25');
    },
    NAVIGATION_TIMEOUT,
  );

  it('offers every namespace of the services and findings', async () => {
    await renderDashboard(smallApi(), '/?limit=25');
    await screen.findByRole('table', { name: 'Services' });
    await userEvent.click(screen.getByLabelText('Namespace'));
    expect(
      await screen.findByRole('option', { name: 'team-29' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('option', { name: 'bookinfo' }),
    ).toBeInTheDocument();
  });

  it(
    'shows the last page when the offset is past the end',
    async () => {
      await renderDashboard(smallApi(), '/?offset=500&limit=25');
      await waitFor(() => expect(search().get('offset')).toBe('25'));
      expect(await screen.findByText('26-30 of 30')).toBeInTheDocument();
    },
    NAVIGATION_TIMEOUT,
  );

  it(
    'says which URL parameters it cannot use, and removes them on request',
    async () => {
      await renderDashboard(
        smallApi(),
        '/?severity=fatal&limit=25&sort=nonsense&bogus=1',
      );
      const alert = await screen.findByRole('alert');
      const list = within(alert).getByRole('list', {
        name: 'Invalid parameters',
      });
      expect(
        within(list)
          .getAllByRole('listitem')
          .map(li => li.textContent),
      ).toEqual([
        '"bogus" is not a parameter of this page.',
        'severity "fatal" is not one of error, warning, info.',
        expect.stringMatching(/^sort "nonsense" is not one of entityRef, /),
      ]);
      await userEvent.click(
        within(alert).getByRole('button', { name: 'Remove them' }),
      );
      await waitFor(() => expect(search().toString()).toBe('limit=25'));
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    },
    NAVIGATION_TIMEOUT,
  );
});

// Keep act() warnings from timers in userEvent honest.
afterEach(() => act(() => undefined));
