import { indexNamespaceOwnership } from '@meshwise/plugin-mesh-common';
import { buildAuthorizationPolicy } from '../builders/buildAuthorizationPolicy';
import { buildPeerAuthentication } from '../builders/buildPeerAuthentication';
import { buildRequestAuthentication } from '../builders/buildRequestAuthentication';
import type { Manifest } from './Manifest';
import { planManifestPaths } from './planManifestPaths';

function plan(manifests: Manifest[]) {
  return planManifestPaths(manifests, {
    layout: {
      teamPath: 'teams/{team}/{namespace}',
      adminPath: 'mesh-admin/{namespace}',
    },
    rootNamespace: 'istio-system',
    gatewayNamespace: 'istio-system',
    namespaces: indexNamespaceOwnership([
      {
        namespace: 'bookinfo',
        owner: 'group:default/team-bookinfo',
        entityRef: 'resource:default/bookinfo',
      },
    ]),
  });
}

describe('planManifestPaths', () => {
  it('puts admin-only kinds under the mesh-admin path even in a team namespace', () => {
    const manifests: Manifest[] = [
      buildPeerAuthentication({
        name: 'reviews',
        namespace: 'bookinfo',
        mode: 'STRICT',
        selector: { app: 'reviews' },
      }),
      buildRequestAuthentication({
        name: 'jwt',
        namespace: 'bookinfo',
        issuer: 'https://issuer.example',
        jwksUri: 'https://issuer.example/jwks',
        forwardOriginalToken: false,
      }),
      buildAuthorizationPolicy({
        name: 'reviews',
        namespace: 'bookinfo',
        action: 'ALLOW',
        selector: { app: 'reviews' },
        rules: [],
      }),
    ];
    expect(
      plan(manifests).map(f => [f.manifest.kind, f.path, f.adminOwned]),
    ).toEqual([
      [
        'PeerAuthentication',
        'mesh-admin/bookinfo/peerauthentication-reviews.yaml',
        true,
      ],
      [
        'RequestAuthentication',
        'mesh-admin/bookinfo/requestauthentication-jwt.yaml',
        true,
      ],
      [
        'AuthorizationPolicy',
        'teams/team-bookinfo/bookinfo/authorizationpolicy-reviews.yaml',
        false,
      ],
    ]);
  });
});
