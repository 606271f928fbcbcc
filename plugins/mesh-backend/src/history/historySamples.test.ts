import {
  clusterSummary,
  finding,
  mutableSource,
  serviceRow,
  syncState,
} from './__testUtils__/historyFixtures';
import { MeshFigures, historySamples } from './historySamples';

const NOW = new Date('2026-12-01T12:00:00Z');

describe('historySamples', () => {
  it('records synced clusters as figures and sums the fleet over them', () => {
    const source = mutableSource({
      clusters: [syncState('east'), syncState('west')],
      summaries: [
        clusterSummary('east', {
          meshed: 3,
          workloads: 4,
          strict: 2,
          errors: 1,
          pods: { '1-23': 5, '1-24': 1 },
        }),
        clusterSummary('west', {
          meshed: 1,
          workloads: 4,
          strict: 1,
          errors: 0,
        }),
      ],
      findings: [finding('f1', 'east')],
      services: [],
    });
    const { samples, findings } = historySamples(source, NOW);
    const fleet = samples.find(s => s.scope === 'fleet')!;
    expect(fleet.unknownReason).toBeUndefined();
    const figures = fleet.figures as MeshFigures;
    expect(figures.meshCoverage).toEqual({ covered: 4, total: 8, ratio: 0.5 });
    expect(figures.strictMtlsCoverage.covered).toBe(3);
    expect(figures.findings.bySeverity.error).toBe(1);
    expect(figures.findings.byCode).toEqual({ MW303: 1 });
    expect(figures.certificates.under7d).toBe(2);
    expect(figures.revisions).toEqual([
      { cluster: 'east', revision: '1-23', pods: 5 },
      { cluster: 'east', revision: '1-24', pods: 1 },
    ]);
    const east = samples.find(s => s.subject === 'east')!;
    expect((east.figures as MeshFigures).meshCoverage.covered).toBe(3);
    expect(findings.map(f => f.id)).toEqual(['f1']);
  });

  it('records a cluster that is not synced as unknown, leaves it out of the fleet and says so, and keeps its findings out of first-seen', () => {
    const source = mutableSource({
      clusters: [
        syncState('east'),
        syncState('west', 'degraded', 'Pods: stale since 10:00'),
        syncState('north', 'syncing'),
      ],
      summaries: [
        clusterSummary('east', {
          meshed: 1,
          workloads: 2,
          strict: 1,
          errors: 0,
        }),
        clusterSummary('west', {
          meshed: 9,
          workloads: 9,
          strict: 9,
          errors: 0,
        }),
      ],
      findings: [finding('e', 'east'), finding('w', 'west')],
      services: [
        serviceRow('component:default/a', ['east']),
        serviceRow('component:default/b', ['east', 'west']),
        serviceRow('component:default/c', ['east'], {
          unknownReason: 'Pods forbidden',
        }),
      ],
    });
    const { samples, findings } = historySamples(source, NOW);
    const bySubject = new Map(samples.map(s => [s.subject, s]));
    expect(bySubject.get('west')).toEqual({
      scope: 'cluster',
      subject: 'west',
      figures: null,
      unknownReason: 'cluster degraded: Pods: stale since 10:00',
    });
    expect(bySubject.get('north')?.figures).toBeNull();
    const fleet = bySubject.get('')!;
    expect((fleet.figures as MeshFigures).meshCoverage).toEqual({
      covered: 1,
      total: 2,
      ratio: 0.5,
    });
    expect(fleet.unknownReason).toBe(
      'clusters not counted: north (cluster syncing); west (cluster degraded: Pods: stale since 10:00)',
    );
    expect(bySubject.get('component:default/a')?.figures).not.toBeNull();
    expect(bySubject.get('component:default/b')).toMatchObject({
      figures: null,
      unknownReason: 'in clusters not synced: west',
    });
    expect(bySubject.get('component:default/c')).toMatchObject({
      figures: null,
      unknownReason: 'Pods forbidden',
    });
    expect(findings.map(f => f.id)).toEqual(['e']);
  });

  it('records the fleet as unknown when no cluster is known', () => {
    const source = mutableSource({
      clusters: [syncState('east', 'unreachable', 'connect ECONNREFUSED')],
      summaries: [],
      findings: [],
      services: [],
    });
    const [fleet] = historySamples(source, NOW).samples;
    expect(fleet).toEqual({
      scope: 'fleet',
      subject: '',
      figures: null,
      unknownReason:
        'clusters not counted: east (cluster unreachable: connect ECONNREFUSED)',
    });
  });
});
