import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { ruleShadowing } from '../analyzers/routeRuleShadowing';

/**
 * Rule order in VirtualServices (MW850 / IST0130, MW851 / IST0131), with
 * fixtures written from Istio's VirtualService validation warnings
 * (pilot's analyzeUnreachable{HTTP,TCP,TLS}Rules and its prefix overlap
 * check), and the deprecated fields of istioctl's deprecation analyzer
 * (MW853 / IST0002).
 */
const bookinfo = loadFixture('bookinfo-sidecar.yaml');
const route = [{ destination: { host: 'reviews' } }];

const virtualService = (name: string, spec: object) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ${name}, namespace: bookinfo }
spec: ${JSON.stringify({ hosts: ['reviews'], ...spec })}
`;

describe('route rule shadowing, rule by rule', () => {
  it('a rule after a rule without matches is unreachable, and so is a second rule without matches', () => {
    expect(
      ruleShadowing('http', [
        { name: 'catch-all', route },
        {
          match: [{ uri: { prefix: '/a' } }, { uri: { prefix: '/b' } }],
          route,
        },
        { route },
      ]),
    ).toEqual([
      {
        kind: 'unreachableRule',
        rule: '#1',
        reason: 'route without matches defined before',
      },
      {
        kind: 'unreachableRule',
        rule: '#1',
        reason: 'route without matches defined before',
      },
      {
        kind: 'unreachableRule',
        rule: '#2',
        reason: 'only the last rule can have no matches',
      },
    ]);
  });

  it('a match equal to an earlier one, names and zero values aside, is ineffective; all of them make the rule unreachable', () => {
    expect(
      ruleShadowing('http', [
        {
          name: 'first',
          match: [{ name: 'a', uri: { exact: '/a' }, ignoreUriCase: false }],
          route,
        },
        {
          name: 'second',
          match: [{ name: 'again', uri: { exact: '/a' } }],
          route,
        },
        { match: [{ uri: { exact: '/a' } }, { uri: { exact: '/c' } }], route },
      ]),
    ).toEqual([
      {
        kind: 'ineffectiveMatch',
        rule: '"second"',
        match: '"again"',
        shadowedBy: '"first"',
      },
      {
        kind: 'unreachableRule',
        rule: '"second"',
        reason: 'all matches used by prior rules',
      },
      {
        kind: 'ineffectiveMatch',
        rule: '#2',
        match: '#0',
        shadowedBy: '"first"',
      },
    ]);
  });

  it('an earlier URI prefix covers a longer one with the same method, port, authority, headers and query', () => {
    expect(
      ruleShadowing('http', [
        { match: [{ uri: { prefix: '/api' } }], route },
        { name: 'longer', match: [{ uri: { prefix: '/api/v2' } }], route },
        // a header the earlier match does not have: not covered
        {
          match: [
            {
              uri: { prefix: '/api/v3' },
              headers: { 'x-canary': { exact: 'true' } },
            },
          ],
          route,
        },
        // another port: not covered
        { match: [{ uri: { prefix: '/api/v4' }, port: 8080 }], route },
        // an explicit GET is the method the earlier match is taken to have
        {
          match: [{ uri: { prefix: '/api/v5' }, method: { exact: 'GET' } }],
          route,
        },
        // POST is not
        {
          match: [{ uri: { prefix: '/api/v6' }, method: { exact: 'POST' } }],
          route,
        },
        // not a prefix of it
        { match: [{ uri: { prefix: '/ap' } }], route },
      ]),
    ).toEqual([
      {
        kind: 'ineffectiveMatch',
        rule: '"longer"',
        match: '#0 of prefix /api/v2',
        shadowedBy: '#0 of prefix /api on #0',
      },
      {
        kind: 'ineffectiveMatch',
        rule: '#4',
        match: '#0 of prefix /api/v5',
        shadowedBy: '#0 of prefix /api on #0',
      },
    ]);
  });

  it('TCP and TLS rules follow the same order rules, numbered, without prefix overlaps', () => {
    expect(
      ruleShadowing('tcp', [
        { name: 'ignored-name', match: [{ port: 5432 }], route },
        { match: [{ port: 5432 }], route },
      ]),
    ).toEqual([
      { kind: 'ineffectiveMatch', rule: '#1', match: '#0', shadowedBy: '#0' },
      {
        kind: 'unreachableRule',
        rule: '#1',
        reason: 'all matches used by prior rules',
      },
    ]);
    expect(
      ruleShadowing('tls', [
        { match: [{ port: 443, sniHosts: ['a.example.com'] }], route },
        { match: [{ port: 443, sniHosts: ['b.example.com'] }], route },
      ]),
    ).toEqual([]);
  });
});

describe('VirtualService rule order (MW850 / IST0130, MW851 / IST0131)', () => {
  const cluster = withYaml(
    bookinfo,
    virtualService('catch-all-first', {
      http: [{ route }, { match: [{ uri: { prefix: '/v2' } }], route }],
    }),
    virtualService('duplicate-match', {
      http: [
        { match: [{ headers: { 'end-user': { exact: 'jason' } } }], route },
        {
          match: [
            { headers: { 'end-user': { exact: 'jason' } } },
            { headers: { 'end-user': { exact: 'kim' } } },
          ],
          route,
        },
      ],
    }),
    virtualService('tcp-twice', {
      tcp: [
        { match: [{ port: 9000 }], route },
        { match: [{ port: 9000 }], route },
      ],
    }),
    virtualService('well-ordered', {
      http: [
        { match: [{ uri: { prefix: '/v2' } }], route },
        { match: [{ uri: { prefix: '/v1' } }], route },
        { route },
      ],
    }),
  );

  it('MW850: rules that can never match, once per rule and reason', () => {
    expect(flagged(cluster, 'MW850')).toEqual([
      'VirtualService bookinfo/catch-all-first',
      'VirtualService bookinfo/tcp-twice',
    ]);
    expect(findingsOf(cluster, 'MW850').map(f => f.message)).toContain(
      'VirtualService bookinfo/catch-all-first: http rule #1 is never used (route without matches defined before).',
    );
  });

  it('MW851: matches an earlier match duplicates', () => {
    expect(flagged(cluster, 'MW851')).toEqual([
      'VirtualService bookinfo/duplicate-match',
      'VirtualService bookinfo/tcp-twice',
    ]);
  });

  it('reports nothing on the reference fixture', () => {
    expect(flagged(bookinfo, 'MW850')).toEqual([]);
    expect(flagged(bookinfo, 'MW851')).toEqual([]);
  });
});

describe('deprecated fields (MW853 / IST0002)', () => {
  const sidecar = (name: string, outboundTrafficPolicy: object) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: bookinfo }
spec: ${JSON.stringify({ outboundTrafficPolicy })}
`;
  const cluster = withYaml(
    bookinfo,
    virtualService('delay-percent', {
      http: [{ fault: { delay: { percent: 10, fixedDelay: '5s' } }, route }],
    }),
    virtualService('delay-percentage', {
      http: [
        {
          fault: { delay: { percentage: { value: 10 }, fixedDelay: '5s' } },
          route,
        },
      ],
    }),
    sidecar('egress-proxy', {
      mode: 'REGISTRY_ONLY',
      egressProxy: { host: 'egress.istio-system.svc.cluster.local' },
    }),
    sidecar('registry-only', { mode: 'REGISTRY_ONLY' }),
  );

  it('reports fault.delay.percent and Sidecar egressProxy, not their replacements', () => {
    expect(flagged(cluster, 'MW853')).toEqual([
      'Sidecar bookinfo/egress-proxy',
      'VirtualService bookinfo/delay-percent',
    ]);
  });
});
