import { fleetTrendRows } from './fleetTrendRows';
import { fleetHistory, meshFigures, point } from './historyFixtures';

describe('fleetTrendRows', () => {
  it('turns the fleet points into percentages, severities and pods per revision', () => {
    const trend = fleetTrendRows(
      fleetHistory([
        point(
          '2026-12-01T00:00:00.000Z',
          meshFigures({
            covered: 5,
            strict: 2,
            total: 10,
            errors: 3,
            revisions: [{ revision: '1-22', pods: 8 }],
          }),
        ),
        point(
          '2026-12-02T00:00:00.000Z',
          meshFigures({
            covered: 8,
            strict: 4,
            total: 10,
            errors: 1,
            warnings: 2,
            revisions: [
              { revision: '1-22', pods: 3 },
              { revision: '1-23', pods: 5 },
            ],
          }),
        ),
      ]),
    );
    expect(trend.revisionKeys).toEqual(['rev:1-22', 'rev:1-23']);
    expect(trend.rows).toEqual([
      {
        at: Date.parse('2026-12-01T00:00:00.000Z'),
        meshCoverage: 50,
        strictMtls: 20,
        error: 3,
        warning: 0,
        info: 0,
        'rev:1-22': 8,
        // Not there yet: no pods on it then, not unknown.
        'rev:1-23': 0,
      },
      {
        at: Date.parse('2026-12-02T00:00:00.000Z'),
        meshCoverage: 80,
        strictMtls: 40,
        error: 1,
        warning: 2,
        info: 0,
        'rev:1-22': 3,
        'rev:1-23': 5,
      },
    ]);
    expect(trend.unknownSteps).toBe(0);
  });

  it('leaves an unknown step as a gap with its reason, never a zero', () => {
    const trend = fleetTrendRows(
      fleetHistory([
        point(
          '2026-12-01T00:00:00.000Z',
          meshFigures({
            covered: 1,
            strict: 1,
            total: 2,
            revisions: [{ revision: '1-22', pods: 2 }],
          }),
        ),
        point('2026-12-02T00:00:00.000Z', null, 'clusters not counted: demo'),
      ]),
    );
    expect(trend.rows[1]).toEqual({
      at: Date.parse('2026-12-02T00:00:00.000Z'),
      meshCoverage: null,
      strictMtls: null,
      error: null,
      warning: null,
      info: null,
      unknownReason: 'clusters not counted: demo',
    });
    expect(trend.unknownSteps).toBe(1);
    expect(trend.latestUnknownReason).toBe('clusters not counted: demo');
  });

  it('counts points that leave out part of the fleet', () => {
    const trend = fleetTrendRows(
      fleetHistory([
        point(
          '2026-12-01T00:00:00.000Z',
          meshFigures({ covered: 1, strict: 1, total: 2 }),
          'clusters not counted: eu (cluster unreachable)',
        ),
      ]),
    );
    expect(trend.partialSteps).toBe(1);
    expect(trend.rows[0].meshCoverage).toBe(50);
  });

  it('sums the clusters in scope per step, unknown when one of them is', () => {
    const at1 = '2026-12-01T00:00:00.000Z';
    const at2 = '2026-12-02T00:00:00.000Z';
    const at3 = '2026-12-03T00:00:00.000Z';
    const trend = fleetTrendRows(
      fleetHistory([], {
        eu: [
          point(
            at1,
            meshFigures({
              covered: 1,
              strict: 0,
              total: 4,
              errors: 1,
              revisions: [{ cluster: 'eu', revision: 'default', pods: 4 }],
            }),
          ),
          point(at2, null, 'cluster unreachable'),
          point(at3, meshFigures({ covered: 4, strict: 4, total: 4 })),
        ],
        us: [
          point(
            at1,
            meshFigures({
              covered: 3,
              strict: 2,
              total: 4,
              errors: 2,
              revisions: [{ cluster: 'us', revision: 'default', pods: 4 }],
            }),
          ),
          point(at2, meshFigures({ covered: 4, strict: 4, total: 4 })),
          // at3: us has no sample, so the scope has no point there.
        ],
        other: [point(at1, meshFigures({ covered: 0, strict: 0, total: 9 }))],
      }),
      ['eu', 'us'],
    );
    expect(trend.rows.map(r => r.at)).toEqual([
      Date.parse(at1),
      Date.parse(at2),
    ]);
    expect(trend.rows[0]).toMatchObject({
      meshCoverage: 50,
      strictMtls: 25,
      error: 3,
      'rev:eu/default': 4,
      'rev:us/default': 4,
    });
    expect(trend.rows[1]).toMatchObject({
      meshCoverage: null,
      unknownReason: 'cluster unreachable',
    });
  });
});
