import { Entity } from '@backstage/catalog-model';
import { loadDemoCatalog } from '../__testUtils__/demoCatalog';
import { buildCatalogSnapshot } from './CatalogSnapshot';

function namespaceResource(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'kubernetes-namespace', owner },
  };
}

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

  it('answers namespace owners; a cluster entry naming another owner than a cluster-less one leaves it unowned there', () => {
    expect(snapshot.namespaceOwner('demo', 'istio-system')).toBe(
      'group:default/mesh-admins',
    );
    expect(snapshot.namespaceOwner('other', 'istio-system')).toBeUndefined();
    const mixed = buildCatalogSnapshot([
      namespaceResource('shop', 'team-a'),
      namespaceResource('shop-prod', 'group:ops/team-b', {
        'backstage.io/kubernetes-cluster': 'prod',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
    ]);
    expect(mixed.namespaceOwner('prod', 'shop')).toBeUndefined();
    expect(mixed.namespaceOwner('dev', 'shop')).toBe('group:default/team-a');
  });

  it('reads the namespace from the kubernetes-namespace annotation', () => {
    const local = buildCatalogSnapshot([
      namespaceResource('payments-namespace', 'team-pay', {
        'backstage.io/kubernetes-namespace': 'payments',
      }),
    ]);
    expect(local.namespaceOwner('any', 'payments')).toBe(
      'group:default/team-pay',
    );
    expect(local.namespaceOwner('any', 'payments-namespace')).toBeUndefined();
  });

  it('gives no owner to a namespace two entities claim for different teams', () => {
    const local = buildCatalogSnapshot([
      namespaceResource('shop', 'team-shop'),
      // Another team publishes a second Resource naming the same namespace.
      namespaceResource('not-really-shop', 'team-bookinfo', {
        'backstage.io/kubernetes-namespace': 'shop',
      }),
      namespaceResource('shop-prod', 'team-shop', {
        'backstage.io/kubernetes-namespace': 'shop',
        'backstage.io/kubernetes-cluster': 'prod',
      }),
    ]);
    expect(local.namespaceOwner('dev', 'shop')).toBeUndefined();
    // A claim for the cluster does not settle the conflict there either.
    expect(local.namespaceOwner('prod', 'shop')).toBeUndefined();
    expect(local.namespaces.map(n => n.entityRef)).toEqual([
      'resource:default/shop',
      'resource:default/not-really-shop',
      'resource:default/shop-prod',
    ]);
  });

  it('counts only namespace claims from trusted origins when mesh.ownership.trustedOrigins is set', () => {
    const origin = (location: string) => ({
      'backstage.io/managed-by-origin-location': location,
    });
    const entities = [
      namespaceResource(
        'shop',
        'team-shop',
        origin('url:https://git.example.com/platform/ns.yaml'),
      ),
      namespaceResource(
        'orders',
        'team-bookinfo',
        origin('url:https://git.example.com/someone/ns.yaml'),
      ),
    ];
    const trusted = buildCatalogSnapshot(entities, {
      trustedOrigins: ['url:https://git.example.com/platform/*'],
    });
    expect(trusted.namespaceOwner('any', 'shop')).toBe(
      'group:default/team-shop',
    );
    expect(trusted.namespaceOwner('any', 'orders')).toBeUndefined();
    expect(buildCatalogSnapshot(entities).namespaceOwner('any', 'orders')).toBe(
      'group:default/team-bookinfo',
    );
  });
});
