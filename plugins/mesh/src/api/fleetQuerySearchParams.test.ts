import {
  fleetQueryFromSearchParams,
  fleetQueryToSearchParams,
} from './fleetQuerySearchParams';

describe('fleet query search params', () => {
  it('round-trips every filter', () => {
    const query = {
      cluster: ['demo', 'prod-eu'],
      namespace: ['bookinfo'],
      team: ['group:default/storefront'],
      severity: ['error' as const],
      code: ['MW303' as const, 'MW302' as const],
      search: 'checkout',
      sort: '-severity',
      offset: 100,
      limit: 50,
    };
    expect(fleetQueryFromSearchParams(fleetQueryToSearchParams(query))).toEqual(
      query,
    );
  });

  it('drops values an outdated or hand-edited link may carry', () => {
    const params = new URLSearchParams(
      'severity=fatal&severity=warning&code=mw105&code=MW999&offset=-5&limit=x&sort=1;drop&search=%20%20&cluster=',
    );
    expect(fleetQueryFromSearchParams(params)).toEqual({
      severity: ['warning'],
      code: ['MW105'],
    });
  });

  it('writes nothing for an empty query', () => {
    expect(fleetQueryToSearchParams({}).toString()).toBe('');
  });
});
