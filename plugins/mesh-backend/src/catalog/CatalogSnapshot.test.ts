import { loadDemoCatalog } from '../__testUtils__/demoCatalog';
import { buildCatalogSnapshot } from './CatalogSnapshot';

describe('buildCatalogSnapshot', () => {
  const snapshot = buildCatalogSnapshot(loadDemoCatalog());

  it('indexes Components with Kubernetes annotations, with full owner refs', () => {
    expect(snapshot.service('component:default/reviews')).toEqual({
      entityRef: 'component:default/reviews',
      owner: 'group:default/storefront',
      selection: { labelSelector: 'app=reviews', namespace: 'bookinfo' },
    });
    expect(snapshot.service('component:default/invoices')?.selection).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=invoices',
    });
    expect(
      snapshot.services.every(s => s.entityRef.startsWith('component:')),
    ).toBe(true);
  });

  it('answers namespace owners, a cluster-specific entry winning over a cluster-less one', () => {
    expect(snapshot.namespaceOwner('demo', 'istio-system')).toBe(
      'group:default/mesh-admins',
    );
    expect(snapshot.namespaceOwner('other', 'istio-system')).toBeUndefined();
    const mixed = buildCatalogSnapshot([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'shop', namespace: 'default' },
        spec: { type: 'kubernetes-namespace', owner: 'team-a' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'shop-prod',
          namespace: 'default',
          annotations: {
            'backstage.io/kubernetes-cluster': 'prod',
            'backstage.io/kubernetes-namespace': 'shop',
          },
        },
        spec: { type: 'kubernetes-namespace', owner: 'group:ops/team-b' },
      },
    ]);
    expect(mixed.namespaceOwner('prod', 'shop')).toBe('group:ops/team-b');
    expect(mixed.namespaceOwner('dev', 'shop')).toBe('group:default/team-a');
  });
});
