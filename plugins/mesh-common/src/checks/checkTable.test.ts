import { fixtureView, loadFixture, NOW } from '../__testUtils__/fixtureView';
import { recordingView } from '../__testUtils__/recordingView';
import { kindKey, Kinds, WATCHED_KINDS } from '../kinds';
import { FINDING_CATALOGUE, FINDING_CODES } from '../findings/findingCatalogue';
import { AnalysisContext } from '../analyzers/AnalysisContext';
import { analyzeWorkloads } from '../analysis/analyzeWorkloads';
import { isTerminated } from '../analyzers/pods';
import { CHECKS, CheckRow } from './checkTable';

const FIXTURES = [
  'bookinfo-sidecar.yaml',
  'ambient.yaml',
  'eck-elastic-istio.yaml',
];

/** The kinds one row reads when run over a whole fixture cluster. */
function kindsRead(row: CheckRow, fixture: string): Set<string> {
  // A fresh copy of the objects, so that no per-object cache of another
  // row's run answers for this one.
  const base = fixtureView(loadFixture(fixture));
  const { view, reads } = recordingView(base);
  const ctx = new AnalysisContext(view, { now: NOW });
  const errors: string[] = [];
  switch (row.scope) {
    case 'workload': {
      const pods = base.list(Kinds.Pod).filter(p => !isTerminated(p));
      for (const workload of analyzeWorkloads(ctx, pods, errors))
        row.check(ctx, workload);
      break;
    }
    case 'object':
      for (const obj of base.list(row.kind)) row.check(ctx, obj);
      break;
    case 'eckResource':
      for (const kind of row.kinds)
        for (const obj of base.list(kind)) row.analyze(ctx, obj);
      break;
    case 'cluster':
      row.check(ctx);
      break;
    default:
      throw new Error('unknown scope');
  }
  expect(errors).toEqual([]);
  return reads;
}

describe('the check table', () => {
  it('names every row once', () => {
    const names = CHECKS.map(row => row.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('declares only catalogued codes, and every catalogued code has a row', () => {
    const declared = new Set(CHECKS.flatMap(row => row.codes));
    expect([...declared].filter(code => !FINDING_CATALOGUE[code])).toEqual([]);
    expect(FINDING_CODES.filter(code => !declared.has(code))).toEqual([]);
  });

  it('reads only kinds the backend watches', () => {
    const watched = new Set(WATCHED_KINDS.map(kindKey));
    const read = new Set(CHECKS.flatMap(row => row.reads.map(kindKey)));
    expect([...read].filter(kind => !watched.has(kind))).toEqual([]);
  });

  it.each(
    CHECKS.flatMap(row => FIXTURES.map(fixture => [row.name, fixture, row])),
  )('%s reads only the kinds its row declares (%s)', (_name, fixture, row) => {
    const declared = new Set((row as CheckRow).reads.map(kindKey));
    const read = kindsRead(row as CheckRow, fixture as string);
    expect([...read].filter(kind => !declared.has(kind))).toEqual([]);
  });
});

describe('the finding catalogue', () => {
  it('keeps the codes of DESIGN.md, in order, each with a title and a reference', () => {
    const design = [
      ...[101, 102, 103, 104, 105, 106, 107],
      ...[201, 202, 203],
      ...[301, 302, 303, 304, 305, 306, 307, 308, 309],
      ...[401, 402, 403, 404, 405, 406],
      ...[501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511],
      ...[601, 602],
      ...[701, 702],
    ].map(n => `MW${n}`);
    // Codes are never renumbered: new ones are added, in numeric order.
    expect(FINDING_CODES.filter(code => design.includes(code))).toEqual(design);
    expect([...FINDING_CODES]).toEqual(
      [...FINDING_CODES].sort((a, b) => a.localeCompare(b)),
    );
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
    for (const code of FINDING_CODES) {
      const definition = FINDING_CATALOGUE[code]!;
      expect(definition.code).toBe(code);
      expect(definition.title.length).toBeGreaterThan(5);
      expect(
        'url' in definition.reference || 'seed' in definition.reference,
      ).toBe(true);
      expect(definition.istioCode ?? 'IST0000').toMatch(/^IST\d{4}$/);
      expect(definition.kialiCode ?? 'KIA0000').toMatch(/^KIA\d{4}$/);
    }
    expect(FINDING_CATALOGUE.MW304).toMatchObject({
      istioCode: 'IST0145',
      kialiCode: 'KIA0301',
    });
  });
});
