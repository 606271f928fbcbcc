import { FleetFinding, Kinds } from '@meshwise/plugin-mesh-common';
import { FINDING_SORT_FIELDS, FleetQueryService } from './FleetQueryService';
import { pageOf } from './pageOf';
import { twoClusters } from './__testUtils__/twoClusters';

async function setUp() {
  const fixture = await twoClusters();
  const service = FleetQueryService.create({
    clusters: fixture.meshClusters,
    catalog: fixture.catalog,
    snapshots: fixture.snapshots,
  });
  return { ...fixture, service };
}

const page = { offset: 0, limit: 500 };

/** What `/findings` must answer: the findings sorted and paged from scratch. */
const expected = (
  findings: FleetFinding[],
  sort: string,
  offset = 0,
  limit = 500,
) =>
  pageOf(findings, {
    sort,
    keys: Object.fromEntries(
      FINDING_SORT_FIELDS.map(f => [
        f,
        (x: FleetFinding) =>
          f === 'severity'
            ? ['error', 'warning', 'info'].indexOf(x.severity)
            : (x as unknown as Record<string, string>)[f],
      ]),
    ),
    tieBreak: x => x.id,
    offset,
    limit,
  });

describe('FleetQueryService', () => {
  it('answers /findings from one sorted list per analysis, the same as sorting each answer', async () => {
    const { service, snapshots, clusters, changed } = await setUp();
    try {
      const all = snapshots.all().flatMap(snapshot => snapshot.findings);
      expect(all.length).toBeGreaterThan(5);
      for (const sort of ['severity', '-code', 'namespace', '-message']) {
        expect(service.findings({ ...page, sort })).toEqual(
          expected(all, sort),
        );
      }
      expect(
        service.findings({
          sort: '-namespace',
          severity: ['warning'],
          offset: 2,
          limit: 3,
        }),
      ).toEqual(
        expected(
          all.filter(f => f.severity === 'warning'),
          '-namespace',
          2,
          3,
        ),
      );
      expect(
        service.findings({ ...page, cluster: ['two'], search: 'svc' }).items,
      ).toEqual(
        expected(
          all.filter(
            f =>
              f.cluster === 'two' &&
              [f.message, ...f.objects.map(o => o.name), ...f.entityRefs].some(
                t => t.toLowerCase().includes('svc'),
              ),
          ),
          'severity',
        ).items,
      );

      // A change in cluster one: its findings are re-read, not served from the old list.
      const before = service.findings({ ...page, cluster: ['one'] });
      for (const ns of clusters[0].view.list(Kinds.Namespace)) {
        clusters[0].view.remove(ns, Kinds.Namespace);
      }
      changed('one');
      snapshots.refreshNow();
      const after = service.findings({ ...page, cluster: ['one'] });
      expect(after.items).not.toEqual(before.items);
      expect(after).toEqual(
        expected(
          snapshots
            .all()
            .flatMap(s => s.findings)
            .filter(f => f.cluster === 'one'),
          'severity',
        ),
      );
    } finally {
      snapshots.stop();
    }
  });

  it('lists a row per catalog service, counting each finding of its workloads once', async () => {
    const { service, snapshots, components } = await setUp();
    try {
      const rows = service.services({ ...page });
      expect(rows.totalCount).toBe(components.length);
      const findings = snapshots.all().flatMap(s => s.findings);
      for (const row of rows.items) {
        const own = findings.filter(f => f.entityRefs.includes(row.entityRef));
        expect(row.clusters).toEqual(['one', 'two']);
        expect(row.findings).toEqual({
          error: own.filter(f => f.severity === 'error').length,
          warning: own.filter(f => f.severity === 'warning').length,
          info: own.filter(f => f.severity === 'info').length,
        });
      }
      const byPods = service.services({ ...page, sort: '-pods' }).items;
      expect(byPods.map(r => r.pods)).toEqual(
        [...byPods.map(r => r.pods)].sort((a, b) => b - a),
      );
    } finally {
      snapshots.stop();
    }
  });

  it("answers host claims from the clusters' views as they are now, with each cluster's coverage", async () => {
    const { service, snapshots, clusters, changed } = await setUp();
    try {
      snapshots.refreshNow();
      const before = service.hostClaims(['new.example.com']);
      expect(before).toEqual({
        items: [],
        clusters: [
          { cluster: 'one', complete: true },
          { cluster: 'two', complete: true },
        ],
      });
      // A Gateway a moment ago, before any analysis has run: claimed.
      clusters[1].view.upsert(
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { namespace: 'edge', name: 'fresh' },
          spec: {
            servers: [{ port: { number: 443 }, hosts: ['*.example.com'] }],
          },
        },
        Kinds.IstioGateway,
      );
      changed('two');
      const analyses = snapshots.all().map(s => s.id);
      expect(service.hostClaims(['new.example.com']).items).toEqual([
        {
          host: 'new.example.com',
          port: 443,
          cluster: 'two',
          namespace: 'edge',
          gateway: 'fresh',
        },
      ]);
      expect(snapshots.all().map(s => s.id)).toEqual(analyses);

      clusters[0].view.setKindState(
        Kinds.K8sGateway,
        'forbidden',
        'gateways.gateway.networking.k8s.io is forbidden',
      );
      expect(service.hostClaims().clusters).toEqual([
        {
          cluster: 'one',
          complete: false,
          reason: expect.stringContaining(
            'Gateway API Gateways (gateways.gateway.networking.k8s.io) are forbidden',
          ),
        },
        { cluster: 'two', complete: true },
      ]);
    } finally {
      snapshots.stop();
    }
  });
});
