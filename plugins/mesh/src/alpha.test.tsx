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
import { isValidElement } from 'react';
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
  it('is the mesh plugin with its title, icon and four extensions, each of its blueprint kind', () => {
    expect(meshPlugin.pluginId).toBe('mesh');
    expect(meshPlugin.title).toBe('Service mesh');
    expect(isValidElement(meshPlugin.icon)).toBe(true);
    // An extension's id is `<blueprint kind>:<plugin>[/<name>]`.
    const extensions = [
      ['api:mesh', meshApi, 'api', undefined],
      ['page:mesh', meshDashboardPage, 'page', undefined],
      ['entity-card:mesh/status', meshEntityCard, 'entity-card', 'status'],
      ['entity-content:mesh/mesh', meshEntityContent, 'entity-content', 'mesh'],
    ] as const;
    for (const [id, definition, kind, name] of extensions) {
      expect(definition).toMatchObject({ kind, name });
      expect(meshPlugin.getExtension(id)).toMatchObject({
        kind,
        name,
        namespace: 'mesh',
      });
    }
  });

  it('mounts the dashboard at /mesh with a title for the nav', () => {
    const tester = createExtensionTester(meshDashboardPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/mesh');
    expect(tester.get(coreExtensionData.title)).toBe('Service mesh');
    expect(isValidElement(tester.get(coreExtensionData.icon))).toBe(true);
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
    // The page layout shows the title; the dashboard adds no second header.
    expect(
      screen.getAllByRole('heading', { name: 'Service mesh' }),
    ).toHaveLength(1);
    expect(
      screen.queryByText('Istio, ECK and cert-manager across the fleet'),
    ).not.toBeInTheDocument();
  });
});
