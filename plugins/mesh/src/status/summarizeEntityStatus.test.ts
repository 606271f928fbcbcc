import {
  checkoutStatus,
  loggingStackStatus,
  noSelectionStatus,
  noWorkloadsStatus,
  notInMeshStatus,
  productpageStatus,
  reviewsStatus,
  unknownStatus,
} from '../__fixtures__/entityStatusFixtures';
import { combineMtls, summarizeEntityStatus } from './summarizeEntityStatus';

describe('summarizeEntityStatus', () => {
  it('reads productpage as healthy, sidecar and STRICT, exposed through a ready certificate', () => {
    const s = summarizeEntityStatus(productpageStatus);
    expect(s.state).toBe('inMesh');
    expect(s.verdict).toBe('ok');
    expect(s.mtls).toBe('STRICT');
    expect(s.placements).toEqual([
      expect.objectContaining({
        cluster: 'demo',
        namespace: 'bookinfo',
        dataPlanes: ['sidecar'],
        revisions: ['1-24-3'],
        pods: 1,
      }),
    ]);
    expect(s.exposures).toHaveLength(1);
    expect(s.exposures[0].credentialState).toBe('ready');
    expect(s.exposures[0].daysToExpiry).toBe(62);
  });

  it('lists the reviews pod still on the old revision as one to restart', () => {
    const s = summarizeEntityStatus(reviewsStatus);
    expect(s.podsToRestart.map(p => p.name)).toEqual(['reviews-v1-5b4f7-old']);
    expect(s.placements[0].revisions).toEqual(['1-23-2', '1-24-3']);
    expect(s.verdict).toBe('warning');
  });

  it('takes the worst credential and sorts errors before warnings', () => {
    const s = summarizeEntityStatus(checkoutStatus);
    expect(s.exposures.map(e => [e.entry.hosts[0], e.credentialState])).toEqual(
      [
        ['checkout.appk8s.com', 'expiring'],
        ['shop.example.org', 'notReady'],
      ],
    );
    expect(s.findings.map(f => f.code)).toEqual(['MW302', 'MW303']);
    expect(s.findingCounts).toEqual({ error: 1, warning: 1, info: 0 });
    expect(s.verdict).toBe('error');
  });

  it('collects ECK resources per cluster', () => {
    const s = summarizeEntityStatus(loggingStackStatus);
    expect(s.eck.map(e => `${e.resource.kind}:${e.resource.health}`)).toEqual([
      'Elasticsearch:yellow',
      'Kibana:green',
      'ApmServer:red',
    ]);
  });

  it('tells the empty cases apart', () => {
    expect(summarizeEntityStatus(noWorkloadsStatus).state).toBe('noWorkloads');
    expect(summarizeEntityStatus(noSelectionStatus).state).toBe('noSelection');
    expect(summarizeEntityStatus(notInMeshStatus).state).toBe('notInMesh');
    expect(
      summarizeEntityStatus({ ...productpageStatus, clusters: [] }).state,
    ).toBe('noClusters');
  });

  it('says unknown, not empty, when pods cannot be read', () => {
    const s = summarizeEntityStatus(unknownStatus);
    expect(s.state).toBe('unknown');
    expect(s.verdict).toBe('unknown');
    expect(s.unknowns[0].info.reason).toBe('forbidden');
  });

  it('does not let a missing optional CRD hide an empty result', () => {
    const s = summarizeEntityStatus({
      ...noWorkloadsStatus,
      clusters: [
        {
          ...noWorkloadsStatus.clusters[0],
          degradedKinds: [
            {
              group: 'elasticsearch.k8s.elastic.co',
              kind: 'Elasticsearch',
              status: 'notInstalled',
              since: '2026-11-21T10:00:00Z',
            },
          ],
        },
      ],
    });
    expect(s.state).toBe('noWorkloads');
  });

  it('marks a healthy service unknown when a kind its status depends on could not be read', () => {
    const cluster = productpageStatus.clusters[0];
    const s = summarizeEntityStatus({
      ...productpageStatus,
      clusters: [
        {
          ...cluster,
          // What the backend computes when AuthorizationPolicies are forbidden.
          workloads: cluster.workloads.map(w => ({
            ...w,
            authorization: {
              ...w.authorization,
              unknown: {
                reason: 'forbidden',
                message: 'AuthorizationPolicy is forbidden',
              },
            },
          })),
          degradedKinds: [
            {
              group: 'security.istio.io',
              kind: 'AuthorizationPolicy',
              status: 'forbidden',
              reason: 'authorizationpolicies.security.istio.io is forbidden',
              since: '2026-11-21T10:00:00Z',
            },
          ],
        },
      ],
    });
    expect(s.state).toBe('inMesh');
    expect(s.verdict).toBe('unknown');
    expect(s.unknowns[0].info.message).toContain('AuthorizationPolicy');
  });

  it('leaves the verdict alone for a kind the status does not depend on, and lists it', () => {
    const s = summarizeEntityStatus({
      ...productpageStatus,
      clusters: [
        {
          ...productpageStatus.clusters[0],
          degradedKinds: [
            {
              group: '',
              kind: 'Secret',
              status: 'error',
              reason:
                'the API server refused to serve Secrets as metadata only (406)',
              since: '2026-11-21T10:00:00Z',
            },
          ],
        },
      ],
    });
    expect(s.verdict).toBe('ok');
    expect(s.unknowns.map(u => u.info.kinds)).toEqual([['Secret']]);
  });

  it('does not report a kind not read by configuration as a problem', () => {
    const s = summarizeEntityStatus({
      ...productpageStatus,
      clusters: [
        {
          ...productpageStatus.clusters[0],
          degradedKinds: [
            {
              group: '',
              kind: 'Secret',
              status: 'notWatched',
              reason: 'not read by configuration',
              since: '2026-11-21T10:00:00Z',
            },
          ],
        },
      ],
    });
    expect(s.verdict).toBe('ok');
    expect(s.unknowns).toEqual([]);
  });
});

describe('combineMtls', () => {
  it('is the common mode, mixed when modes differ, unknown when any is', () => {
    expect(combineMtls(['STRICT', 'STRICT'])).toBe('STRICT');
    expect(combineMtls(['STRICT', 'PERMISSIVE'])).toBe('mixed');
    expect(combineMtls(['STRICT', 'unknown'])).toBe('unknown');
    expect(combineMtls([])).toBe('unknown');
  });
});
