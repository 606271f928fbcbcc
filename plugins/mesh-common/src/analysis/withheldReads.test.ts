import { CHECKS } from '../checks/checkTable';
import { fixtureView, loadFixture } from '../__testUtils__/fixtureView';
import { KindRef } from '../types/kube';
import { KindSyncStatus } from '../types/sync';
import { analyzeCluster } from './analyzeCluster';
import { computeWorkloadStatus } from './computeWorkloadStatus';

const objects = [
  ...loadFixture('bookinfo-sidecar.yaml'),
  ...loadFixture('eck-elastic-istio.yaml'),
];

/** The kind of the object rows that alone emit this code, if they are all of one kind. */
function onlyObjectRowKindOf(code: string): KindRef | undefined {
  const rows = CHECKS.filter(r => r.codes.includes(code as never));
  if (!rows.length || rows.some(r => r.scope !== 'object')) return undefined;
  const kinds = new Set(
    rows.map(r => (r.scope === 'object' ? r.kind.kind : '')),
  );
  return kinds.size === 1 && rows[0].scope === 'object'
    ? rows[0].kind
    : undefined;
}

/** A finding of the full analysis whose code only object rows of one kind emit, with that kind. */
function objectRowFinding() {
  const full = analyzeCluster(fixtureView(objects));
  for (const finding of full.findings) {
    const rows = CHECKS.filter(r => r.codes.includes(finding.code));
    const kinds = new Set(
      rows.map(r => (r.scope === 'object' ? r.kind.kind : '')),
    );
    if (kinds.size === 1 && !kinds.has('') && rows[0].scope === 'object') {
      return { finding, kind: rows[0].kind, row: rows[0].name };
    }
  }
  throw new Error('the fixtures have no finding of an object row');
}

const analyzedWith = (kind: KindRef, status: KindSyncStatus) =>
  analyzeCluster(
    fixtureView(objects, [{ kind, status, reason: `${kind.kind} ${status}` }]),
  );

describe('findings from kinds that are not current', () => {
  const { finding, kind, row } = objectRowFinding();

  it.each(['stale', 'forbidden', 'error'] as const)(
    'are withheld while the kind is %s, with the reason',
    status => {
      const analysis = analyzedWith(kind, status);
      expect(analysis.findings.map(f => f.id)).not.toContain(finding.id);
      expect(analysis.withheld).toContainEqual({
        check: row,
        unknown: expect.objectContaining({
          reason: status,
          kinds: [`${kind.group}/${kind.kind}`],
          message: expect.stringContaining(`${kind.kind} ${status}`),
        }),
      });
    },
  );

  it('are served while the kind is synced, or not read by configuration elsewhere', () => {
    const analysis = analyzedWith({ group: '', kind: 'Secret' }, 'notWatched');
    expect(analysis.findings.map(f => f.id)).toContain(finding.id);
    expect(analysis.withheld).toEqual([]);
  });

  it('are withheld from an entity status too', () => {
    // Every namespace's workloads, so that object rows concern something.
    const selection = { labelSelector: '' };
    const synced = computeWorkloadStatus(fixtureView(objects), selection);
    const own = synced.findings
      .map(f => ({ f, kind: onlyObjectRowKindOf(f.code) }))
      .find(x => x.kind !== undefined);
    expect(own).toBeDefined();
    const stale = computeWorkloadStatus(
      fixtureView(objects, [{ kind: own!.kind!, status: 'stale' }]),
      selection,
    );
    expect(stale.findings.map(f => f.id)).not.toContain(own!.f.id);
    expect(stale.findings.length).toBeGreaterThan(0);
  });

  it('an entity without ECK resources says why when ECK kinds cannot be read, and nothing when they can', () => {
    const selection = { labelSelector: 'app=productpage' };
    expect(
      computeWorkloadStatus(fixtureView(objects), selection).eckUnknown,
    ).toBeUndefined();
    const elasticsearch = {
      group: 'elasticsearch.k8s.elastic.co',
      kind: 'Elasticsearch',
    };
    const status = computeWorkloadStatus(
      fixtureView(objects, [{ kind: elasticsearch, status: 'notInstalled' }]),
      selection,
    );
    expect(status.eck).toEqual([]);
    expect(status.eckUnknown).toMatchObject({
      reason: 'notInstalled',
      kinds: ['elasticsearch.k8s.elastic.co/Elasticsearch'],
    });
  });
});
