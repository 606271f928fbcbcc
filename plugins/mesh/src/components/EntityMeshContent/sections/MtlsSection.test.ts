import type { DestinationRuleTls } from '@meshwise/plugin-mesh-common';
import { ref } from '../../../__fixtures__/entityStatusFixtures';
import { destinationRuleLines } from './MtlsSection';

const rule = (
  name: string,
  service: string | undefined,
  mode: DestinationRuleTls['mode'],
  servicePort?: number,
): DestinationRuleTls => ({
  ref: ref('DestinationRule', 'bookinfo', name),
  ...(service ? { service } : {}),
  host: `${service ?? 'reviews'}.bookinfo.svc.cluster.local`,
  mode,
  ...(servicePort !== undefined ? { servicePort } : {}),
  scope: 'all clients',
});

describe('destinationRuleLines', () => {
  it('shows a rule matched through several ports of one Service once, with its ports', () => {
    const lines = destinationRuleLines([
      rule('reviews', 'reviews', 'ISTIO_MUTUAL', 9080),
      rule('reviews', 'reviews', 'ISTIO_MUTUAL', 9090),
      rule('reviews', 'reviews', 'ISTIO_MUTUAL', 9080),
    ]);
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'reviews',
        rule: 'bookinfo/reviews',
        mode: 'ISTIO_MUTUAL',
        servicePorts: [9080, 9090],
      }),
    ]);
  });

  it('keeps different modes and different Services apart, sorted by Service', () => {
    const lines = destinationRuleLines([
      rule('reviews-canary', 'reviews-canary', 'DISABLE'),
      rule('reviews', 'reviews', 'ISTIO_MUTUAL'),
      rule('reviews', 'reviews', 'DISABLE', 9080),
    ]);
    expect(lines.map(l => `${l.service} ${l.rule} ${l.mode}`)).toEqual([
      'reviews bookinfo/reviews DISABLE',
      'reviews bookinfo/reviews ISTIO_MUTUAL',
      'reviews-canary bookinfo/reviews-canary DISABLE',
    ]);
  });
});
