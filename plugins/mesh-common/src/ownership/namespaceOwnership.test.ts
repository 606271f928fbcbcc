import {
  describeNamespaceClaims,
  indexNamespaceOwnership,
  NamespaceClaim,
  namespaceClaimOf,
  NamespaceResourceEntity,
} from './namespaceOwnership';

function resource(
  name: string,
  owner: unknown,
  options: {
    namespace?: string;
    cluster?: string;
    catalogNamespace?: string;
    type?: string;
  } = {},
): NamespaceResourceEntity {
  const annotations: Record<string, string> = {};
  if (options.namespace !== undefined)
    annotations['backstage.io/kubernetes-namespace'] = options.namespace;
  if (options.cluster !== undefined)
    annotations['backstage.io/kubernetes-cluster'] = options.cluster;
  return {
    kind: 'Resource',
    metadata: {
      name,
      ...(options.catalogNamespace
        ? { namespace: options.catalogNamespace }
        : {}),
      annotations,
    },
    spec: { type: options.type ?? 'kubernetes-namespace', owner },
  };
}

function claims(...entities: NamespaceResourceEntity[]): NamespaceClaim[] {
  return entities.map(e => {
    const claim = namespaceClaimOf(e);
    if (!claim) throw new Error(`no claim from ${e.metadata.name}`);
    return claim;
  });
}

describe('namespaceClaimOf', () => {
  it('reads the namespace from metadata.name, with the full owner and entity refs', () => {
    expect(namespaceClaimOf(resource('bookinfo', 'storefront'))).toEqual({
      namespace: 'bookinfo',
      owner: 'group:default/storefront',
      entityRef: 'resource:default/bookinfo',
    });
  });

  it('honours the kubernetes-namespace and kubernetes-cluster annotations', () => {
    expect(
      namespaceClaimOf(
        resource('bookinfo-prod', 'group:default/storefront', {
          namespace: ' bookinfo ',
          cluster: 'prod',
        }),
      ),
    ).toEqual({
      namespace: 'bookinfo',
      cluster: 'prod',
      owner: 'group:default/storefront',
      entityRef: 'resource:default/bookinfo-prod',
    });
    // A blank annotation falls back to the entity name, a blank cluster to none.
    expect(
      namespaceClaimOf(
        resource('shop', 'team', { namespace: ' ', cluster: '' }),
      ),
    ).toEqual({
      namespace: 'shop',
      owner: 'group:default/team',
      entityRef: 'resource:default/shop',
    });
  });

  it("reads the owner as Backstage does: kind group, the entity's namespace", () => {
    const owner = (raw: string) =>
      namespaceClaimOf(resource('shop', raw, { catalogNamespace: 'ops' }))
        ?.owner;
    expect(owner('team-a')).toBe('group:ops/team-a');
    expect(owner('group:team-a')).toBe('group:ops/team-a');
    expect(owner('user:alice')).toBe('user:ops/alice');
    expect(owner('Group:Default/team-a')).toBe('group:default/team-a');
    expect(
      namespaceClaimOf(resource('shop', 'x', { catalogNamespace: 'ops' }))
        ?.entityRef,
    ).toBe('resource:ops/shop');
  });

  it('makes no claim for an invalid owner or another kind of entity', () => {
    for (const owner of ['', 'group:', ':x', 42, undefined]) {
      expect(namespaceClaimOf(resource('shop', owner))).toBeUndefined();
    }
    expect(
      namespaceClaimOf(resource('orders', 'team', { type: 'database' })),
    ).toBeUndefined();
    expect(
      namespaceClaimOf({ ...resource('shop', 'team'), kind: 'Component' }),
    ).toBeUndefined();
  });
});

describe('namespaceClaimOf with trusted origins', () => {
  const fromOrigin = (origin?: string) => {
    const entity = resource('shop', 'team-a');
    if (origin)
      entity.metadata.annotations!['backstage.io/managed-by-origin-location'] =
        origin;
    return entity;
  };
  const trust = {
    trustedOrigins: [
      'url:https://git.example.com/platform/catalog/*',
      'file:/etc/backstage/namespaces.yaml',
    ],
  };

  it('counts only claims from an origin the configuration lists', () => {
    expect(
      namespaceClaimOf(
        fromOrigin(
          'url:https://git.example.com/platform/catalog/blob/main/ns.yaml',
        ),
        trust,
      )?.owner,
    ).toBe('group:default/team-a');
    expect(
      namespaceClaimOf(fromOrigin('file:/etc/backstage/namespaces.yaml'), trust)
        ?.owner,
    ).toBe('group:default/team-a');
    for (const untrusted of [
      'url:https://git.example.com/attacker/catalog/ns.yaml',
      'url:https://git.example.com/platform/catalog',
      'file:/etc/backstage/namespaces.yaml.bak',
      undefined,
    ]) {
      expect(namespaceClaimOf(fromOrigin(untrusted), trust)).toBeUndefined();
    }
  });

  it('counts every origin when none is listed', () => {
    expect(namespaceClaimOf(fromOrigin(), {})?.owner).toBe(
      'group:default/team-a',
    );
  });
});

describe('indexNamespaceOwnership', () => {
  it('decides per cluster from the claims for that cluster and the cluster-less ones', () => {
    const index = indexNamespaceOwnership(
      claims(
        resource('shop', 'team-a'),
        resource('shop-prod', 'team-a', { namespace: 'shop', cluster: 'prod' }),
        resource('orders-prod', 'group:ops/team-b', {
          namespace: 'orders',
          cluster: 'prod',
        }),
      ),
    );
    expect(index.ownerOf({ namespace: 'shop', cluster: 'prod' })).toBe(
      'group:default/team-a',
    );
    expect(index.ownerOf({ namespace: 'shop', cluster: 'dev' })).toBe(
      'group:default/team-a',
    );
    expect(index.ownerOf({ namespace: 'orders', cluster: 'prod' })).toBe(
      'group:ops/team-b',
    );
    expect(index.ownership({ namespace: 'orders', cluster: 'dev' })).toEqual({
      status: 'unowned',
    });
    expect(index.ownership({ namespace: 'nothing' })).toEqual({
      status: 'unowned',
    });
  });

  it('does not let a claim for one cluster take over a cluster-less namespace there (fails closed)', () => {
    const index = indexNamespaceOwnership(
      claims(
        resource('shop', 'team-a'),
        resource('shop-prod', 'group:ops/team-b', {
          namespace: 'shop',
          cluster: 'prod',
        }),
      ),
    );
    const answer = index.ownership({ namespace: 'shop', cluster: 'prod' });
    expect(answer.status).toBe('ambiguous');
    expect(
      answer.status === 'ambiguous' && answer.claims.map(c => c.entityRef),
    ).toEqual(['resource:default/shop', 'resource:default/shop-prod']);
    expect(
      index.ownerOf({ namespace: 'shop', cluster: 'prod' }),
    ).toBeUndefined();
    // Elsewhere only the cluster-less claim applies.
    expect(index.ownerOf({ namespace: 'shop', cluster: 'dev' })).toBe(
      'group:default/team-a',
    );
  });

  it('calls two owners at the same level ambiguous and names both entities', () => {
    const index = indexNamespaceOwnership(
      claims(
        resource('shop', 'team-shop'),
        resource('shop-too', 'team-bookinfo', { namespace: 'shop' }),
      ),
    );
    const answer = index.ownership({ namespace: 'shop', cluster: 'prod' });
    expect(answer).toEqual({
      status: 'ambiguous',
      claims: [
        {
          namespace: 'shop',
          owner: 'group:default/team-shop',
          entityRef: 'resource:default/shop',
        },
        {
          namespace: 'shop',
          owner: 'group:default/team-bookinfo',
          entityRef: 'resource:default/shop-too',
        },
      ],
    });
    expect(
      index.ownerOf({ namespace: 'shop', cluster: 'prod' }),
    ).toBeUndefined();
    expect(
      answer.status === 'ambiguous' && describeNamespaceClaims(answer.claims),
    ).toBe(
      'resource:default/shop (owner group:default/team-shop) and resource:default/shop-too (owner group:default/team-bookinfo)',
    );
  });

  it('calls two owners in the same cluster ambiguous, and a cluster-less conflict ambiguous in every cluster', () => {
    const index = indexNamespaceOwnership(
      claims(
        resource('shop', 'team-a'),
        resource('shop-b', 'team-b', { namespace: 'shop' }),
        resource('cart-eu', 'team-a', { namespace: 'cart', cluster: 'eu' }),
        resource('cart-eu-b', 'team-b', { namespace: 'cart', cluster: 'eu' }),
      ),
    );
    expect(index.ownership({ namespace: 'shop', cluster: 'prod' }).status).toBe(
      'ambiguous',
    );
    expect(index.ownership({ namespace: 'shop', cluster: 'dev' }).status).toBe(
      'ambiguous',
    );
    const eu = index.ownership({ namespace: 'cart', cluster: 'eu' });
    expect(
      eu.status === 'ambiguous' && eu.claims.map(c => c.entityRef),
    ).toEqual(['resource:default/cart-eu', 'resource:default/cart-eu-b']);
    expect(index.ownership({ namespace: 'cart', cluster: 'us' }).status).toBe(
      'unowned',
    );
  });

  it('is not ambiguous when several entities name the same owner', () => {
    const index = indexNamespaceOwnership(
      claims(
        resource('shop', 'team-a'),
        resource('shop-again', 'group:default/team-a', { namespace: 'shop' }),
      ),
    );
    expect(index.ownership({ namespace: 'shop', cluster: 'c' })).toMatchObject({
      status: 'owned',
      owner: 'group:default/team-a',
    });
  });

  it('without a cluster, lets every claim decide', () => {
    const index = indexNamespaceOwnership(
      claims(
        resource('bookinfo', 'team-a', { cluster: 'demo' }),
        resource('bookinfo-eu', 'team-a', {
          namespace: 'bookinfo',
          cluster: 'eu',
        }),
        resource('shop', 'team-a'),
        resource('shop-prod', 'team-b', { namespace: 'shop', cluster: 'prod' }),
      ),
    );
    expect(index.ownerOf({ namespace: 'bookinfo' })).toBe(
      'group:default/team-a',
    );
    // A blank cluster is no cluster, as in the annotation.
    expect(index.ownerOf({ namespace: 'bookinfo', cluster: ' ' })).toBe(
      'group:default/team-a',
    );
    const shop = index.ownership({ namespace: 'shop' });
    expect(
      shop.status === 'ambiguous' && describeNamespaceClaims(shop.claims),
    ).toBe(
      'resource:default/shop (owner group:default/team-a) and resource:default/shop-prod in cluster prod (owner group:default/team-b)',
    );
  });
});
