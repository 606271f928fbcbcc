import { loadFixture } from '../__testUtils__/fixtureView';
import { findingsOf, flagged, withYaml } from '../__testUtils__/verdicts';
import { Kinds } from '../kinds';

/** ambient: namespace book-info in ambient mode with the waypoint book-info/waypoint. */
const ambient = loadFixture('ambient.yaml');

const pod = (app: string, labels: Record<string, string>) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${app}-0
  namespace: book-info
  labels: ${JSON.stringify({ app, ...labels })}
spec: { containers: [{ name: ${app}, image: ${app}:1 }] }
status: { phase: Running }
`;

const serviceEntry = (name: string, waypoint: string) => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: ${name}
  namespace: book-info
  labels: { istio.io/use-waypoint: ${waypoint} }
spec:
  hosts: [${name}.example.com]
  ports: [{ number: 443, name: https, protocol: HTTPS }]
  resolution: DNS
`;

describe('MW109 on workloads and ServiceEntries (KIA1313)', () => {
  const cluster = withYaml(
    ambient,
    pod('ghost', { 'istio.io/use-waypoint': 'ghost' }),
    pod('served', { 'istio.io/use-waypoint': 'waypoint' }),
    pod('elsewhere', {
      'istio.io/use-waypoint': 'waypoint',
      'istio.io/use-waypoint-namespace': 'istio-system',
    }),
    pod('opted-out', { 'istio.io/use-waypoint': 'none' }),
    serviceEntry('api', 'gone'),
    serviceEntry('payments', 'waypoint'),
  );

  it('reports workloads and ServiceEntries whose use-waypoint names no waypoint, in the named namespace', () => {
    expect(flagged(cluster, 'MW109')).toEqual([
      'Pod book-info/elsewhere-0',
      'Pod book-info/ghost-0',
      'ServiceEntry book-info/api',
    ]);
    const ghost = findingsOf(cluster, 'MW109').find(
      f => f.objects[0].name === 'ghost-0',
    )!;
    expect(ghost.message).toContain(
      'uses waypoint book-info/ghost (istio.io/use-waypoint on pods ghost-0), which does not exist',
    );
  });

  it('decides nothing without the Gateways', () => {
    const states = [{ kind: Kinds.K8sGateway, status: 'forbidden' as const }];
    expect(flagged(cluster, 'MW109', { states })).toEqual([]);
  });
});
