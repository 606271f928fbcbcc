import {
  fleetQueryFromSearchParams,
  fleetQueryProblems,
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

describe('fleetQueryProblems', () => {
  const problems = (search: string, sortFields?: string[]) =>
    fleetQueryProblems(new URLSearchParams(search), {
      extraParameters: ['tab'],
      sortFields,
    });

  it('finds nothing wrong with a link the dashboard wrote', () => {
    const query = {
      cluster: ['demo'],
      severity: ['error' as const],
      code: ['MW302' as const],
      sort: '-severity',
      offset: 50,
      limit: 25,
    };
    const params = fleetQueryToSearchParams(query);
    params.set('tab', 'findings');
    expect(problems(params.toString(), ['severity'])).toEqual([]);
  });

  it('names each parameter it drops and why', () => {
    expect(
      problems(
        'severity=fatal&code=MW999&offset=-5&limit=9999&sort=pods&bogus=1&cluster=',
        ['severity', 'code'],
      ),
    ).toEqual([
      '"bogus" is not a parameter of this page.',
      'cluster is empty.',
      'severity "fatal" is not one of error, warning, info.',
      'code "MW999" is not a finding code (see docs/findings.md).',
      'offset "-5" is not a whole number.',
      'limit "9999" is not a page size from 1 to 500.',
      'sort "pods" is not one of severity, code (prefix - for descending).',
    ]);
  });

  it('does not send a page size the backend refuses', () => {
    expect(
      fleetQueryFromSearchParams(new URLSearchParams('limit=501')),
    ).toEqual({});
  });
});
