import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ReactElement } from 'react';
import { MeshApi, meshApiRef } from '../api';

export const productpageEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'productpage',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'productpage' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/storefront',
    lifecycle: 'production',
  },
};

/** Renders an entity-page component the way the catalog does, with a fake mesh API. */
export function renderEntityComponent(
  element: ReactElement,
  api: Partial<MeshApi>,
  entity: Entity = productpageEntity,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <EntityProvider entity={entity}>{element}</EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
