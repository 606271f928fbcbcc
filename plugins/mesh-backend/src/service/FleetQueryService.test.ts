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
});
