import type { EntityHistory } from '@meshwise/plugin-mesh-common';
import { entityFindingsRows, findingAge } from './entityHistoryView';

const finding = (firstSeenAt?: string) => ({
  id: 'MW302|demo|Certificate/istio-system/bookinfo',
  code: 'MW302' as const,
  severity: 'error' as const,
  cluster: 'demo',
  ...(firstSeenAt ? { firstSeenAt, lastSeenAt: firstSeenAt } : {}),
});

describe('findingAge', () => {
  const now = Date.parse('2026-12-03T12:00:00.000Z');

  it('calls a finding first seen in the last 24 hours new since yesterday', () => {
    expect(findingAge(finding('2026-12-02T13:00:00.000Z'), now)).toEqual({
      kind: 'new',
      firstSeenAt: Date.parse('2026-12-02T13:00:00.000Z'),
    });
  });

  it('calls one first seen a day or more ago older', () => {
    expect(findingAge(finding('2026-12-02T12:00:00.000Z'), now).kind).toBe(
      'older',
    );
  });

  it('says when no sample has seen a finding yet', () => {
    expect(findingAge(finding(), now)).toEqual({ kind: 'notSampled' });
  });
});

describe('entityFindingsRows', () => {
  it('gives findings by severity per step and a gap where unknown', () => {
    const history: EntityHistory = {
      entityRef: 'component:default/productpage',
      from: '2026-11-03T00:00:00.000Z',
      to: '2026-12-03T00:00:00.000Z',
      stepMs: 21_600_000,
      points: [
        {
          at: '2026-12-01T00:00:00.000Z',
          sampledAt: '2026-12-01T00:05:00.000Z',
          figures: {
            workloads: 1,
            pods: 2,
            dataPlane: 'sidecar',
            mtls: 'STRICT',
            revisions: ['1-22'],
            findings: { error: 1, warning: 2, info: 0 },
          },
        },
        {
          at: '2026-12-01T06:00:00.000Z',
          sampledAt: '2026-12-01T06:05:00.000Z',
          figures: null,
          unknownReason: 'in clusters not synced: demo',
        },
      ],
      findings: [],
    };
    expect(entityFindingsRows(history)).toEqual([
      {
        at: Date.parse('2026-12-01T00:00:00.000Z'),
        error: 1,
        warning: 2,
        info: 0,
      },
      {
        at: Date.parse('2026-12-01T06:00:00.000Z'),
        error: null,
        warning: null,
        info: null,
        unknownReason: 'in clusters not synced: demo',
      },
    ]);
  });
});
