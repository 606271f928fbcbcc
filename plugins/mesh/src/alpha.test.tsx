import { Entity } from '@backstage/catalog-model';
import {
  coreExtensionData,
  ApiBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import meshPlugin, {
  meshApi,
  meshDashboardPage,
  meshEntityCard,
  meshEntityContent,
} from './alpha';
import { meshApiRef } from './api';
import {
  demoClusters,
  demoFleetSummary,
  generateFindings,
  generateServiceRows,
} from './__fixtures__/fleetFixtures';
import { fakeFleetApi } from './__fixtures__/fakeFleetApi';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'productpage', annotations },
});

describe('the /alpha plugin', () => {
  it('is the mesh plugin with its title, icon and four extensions', () => {
    expect(meshPlugin.pluginId).toBe('mesh');
    expect(meshPlugin.title).toBe('Service mesh');
    expect(meshPlugin.icon).toBeDefined();
    expect(meshPlugin.getExtension('api:mesh')).toBeDefined();
    expect(meshPlugin.getExtension('page:mesh')).toBeDefined();
    expect(meshPlugin.getExtension('entity-card:mesh/status')).toBeDefined();
    expect(meshPlugin.getExtension('entity-content:mesh/mesh')).toBeDefined();
  });

  it('declares each extension with the right blueprint kind', () => {
    // The definitions describe themselves as `ExtensionDefinition{kind=...,name=...}`.
    expect(String(meshApi)).toContain('kind=api');
    expect(String(meshDashboardPage)).toContain('kind=page');
    expect(String(meshEntityCard)).toContain('kind=entity-card');
    expect(String(meshEntityCard)).toContain('name=status');
    expect(String(meshEntityContent)).toContain('kind=entity-content');
  });

  it('mounts the dashboard at /mesh with a title for the nav', () => {
    const tester = createExtensionTester(meshDashboardPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/mesh');
    expect(tester.get(coreExtensionData.title)).toBe('Service mesh');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('adds the Mesh tab and the card only to entities with Kubernetes annotations', () => {
    const content = createExtensionTester(meshEntityContent);
    expect(content.get(coreExtensionData.routePath)).toBe('/mesh');
    expect(content.get(EntityContentBlueprint.dataRefs.title)).toBe('Mesh');
    const contentFilter = content.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    expect(
      contentFilter(entity({ 'backstage.io/kubernetes-id': 'productpage' })),
    ).toBe(true);
    expect(contentFilter(entity({}))).toBe(false);

    const card = createExtensionTester(meshEntityCard);
    const cardFilter = card.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(
      cardFilter(
        entity({ 'backstage.io/kubernetes-label-selector': 'app=productpage' }),
      ),
    ).toBe(true);
    expect(cardFilter(entity({}))).toBe(false);
  });

  it('provides a mesh client built on discovery and fetch', () => {
    const factory = createExtensionTester(meshApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(meshApiRef.id);
    expect(Object.keys(factory.deps).sort()).toEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('renders the dashboard page in a new-frontend-system app', async () => {
    const rows = generateServiceRows(10);
    const fake = fakeFleetApi(rows, generateFindings(rows));
    const api = {
      getFleetSummary: async () => demoFleetSummary,
      getClusters: async () => demoClusters,
      ...fake,
    };
    renderInTestApp(createExtensionTester(meshDashboardPage).reactElement(), {
      apis: [[meshApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(
      await screen.findByLabelText('Mesh coverage: 87%'),
    ).toBeInTheDocument();
    expect(await screen.findByText('svc-0003')).toBeInTheDocument();
  });
});
