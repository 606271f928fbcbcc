/*
 * Dev harness for the dashboard with a fake fleet of 2,000 services (or
 * `?services=N`) and optional fake latency (`?latency=ms`), served by
 * `backstage-cli package start` or built by bench/buildProductionHarness.cjs.
 * The benchmark (bench/dashboardBench.mjs) drives this page in Chromium.
 */
import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { MeshApi, meshApiRef } from '../src/api';
import { meshPlugin } from '../src/plugin';
import { MeshDashboardPage } from '../src/components/MeshDashboardPage';
import { fakeFleetApi } from '../src/__fixtures__/fakeFleetApi';
import {
  demoClusters,
  demoFleetSummary,
  generateFindings,
  generateServiceRows,
} from '../src/__fixtures__/fleetFixtures';
import { productpageStatus } from '../src/__fixtures__/entityStatusFixtures';

const params = new URLSearchParams(window.location.search);
const count = Number(params.get('services')) || 2000;
// `?latency=ms` delays every fake answer, as a backend round trip would.
const latency = Number(params.get('latency')) || 0;
const delayed = <T,>(value: Promise<T>): Promise<T> =>
  latency
    ? value.then(v => new Promise<T>(r => setTimeout(() => r(v), latency)))
    : value;
const rows = generateServiceRows(count);
const fake = fakeFleetApi(rows, generateFindings(rows));

/** Marks when each page of data reaches the UI, so the benchmark can time what follows. */
function received<T>(name: string, value: T): T {
  performance.mark(name);
  return value;
}

const benchApi: MeshApi = {
  getEntityStatus: async () => productpageStatus,
  getFleetSummary: async () => demoFleetSummary,
  getClusters: async () => demoClusters,
  getHostClaims: async () => [],
  // The benchmark measures the current figures; its history has no samples.
  getFleetHistory: async () => ({
    from: new Date(0).toISOString(),
    to: new Date(0).toISOString(),
    stepMs: 3_600_000,
    fleet: [],
    clusters: {},
    findingsFirstSeenInLastDay: 0,
  }),
  getEntityHistory: async () => ({
    entityRef: 'component:default/productpage',
    from: new Date(0).toISOString(),
    to: new Date(0).toISOString(),
    stepMs: 3_600_000,
    points: [],
    findings: [],
  }),
  getServices: async q =>
    received('mesh-services-received', await delayed(fake.getServices(q))),
  getFindings: async q =>
    received('mesh-findings-received', await delayed(fake.getFindings(q))),
};

// The dashboard links to entity pages; the harness mounts a stand-in for the catalog's.
const EntityPageStandIn = createPlugin({ id: 'catalog-stand-in' }).provide(
  createRoutableExtension({
    name: 'EntityPageStandIn',
    mountPoint: entityRouteRef,
    component: async () => () => <p>Entity page</p>,
  }),
);

createDevApp()
  .registerPlugin(meshPlugin)
  .registerApi({ api: meshApiRef, deps: {}, factory: () => benchApi })
  .addPage({
    element: <MeshDashboardPage />,
    title: 'Service mesh',
    path: '/mesh',
  })
  .addPage({
    element: <EntityPageStandIn />,
    path: '/catalog/:namespace/:kind/:name/*',
  })
  .render();
