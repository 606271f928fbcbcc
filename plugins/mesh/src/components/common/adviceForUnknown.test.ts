import {
  adviceForUnknown,
  isDeliberateUnknown,
  unknownReasonLabel,
} from './adviceForUnknown';

describe('adviceForUnknown', () => {
  it('reports a kind not read by configuration as a choice, with no advice to grant access', () => {
    const info = {
      reason: 'notWatched' as const,
      message: 'Secret is notWatched: not read by configuration',
      kinds: ['/Secret'],
    };
    expect(unknownReasonLabel(info.reason)).toBe('not read by configuration');
    expect(isDeliberateUnknown(info.reason)).toBe(true);
    expect(adviceForUnknown(info)).not.toMatch(/grant|access|ClusterRole/i);
  });

  it('still advises granting access for a forbidden kind, and says how old stale data is', () => {
    expect(
      adviceForUnknown({ reason: 'forbidden', message: '', kinds: ['/Pod'] }),
    ).toMatch(/Grant the portal's Kubernetes credentials list and watch/);
    expect(isDeliberateUnknown('forbidden')).toBe(false);
    expect(
      adviceForUnknown({
        reason: 'stale',
        message: '',
        kinds: ['/Pod'],
        since: '2026-01-01T11:59:18Z',
      }),
    ).toMatch(/^Last known data as of 2026-01-01T11:59:18Z/);
  });
});
