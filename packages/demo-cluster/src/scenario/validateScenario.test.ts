import { ScenarioValidationError, validateScenario } from './validateScenario';

const namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop' },
};

function problemsOf(objects: unknown[]): string[] {
  try {
    validateScenario(objects);
  } catch (e) {
    if (e instanceof ScenarioValidationError) return e.problems;
    throw e;
  }
  return [];
}

describe('validateScenario', () => {
  it('accepts namespaced objects in defined namespaces and cluster-scoped objects without one', () => {
    expect(
      problemsOf([
        namespace,
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'a', namespace: 'shop' },
        },
        {
          apiVersion: 'cert-manager.io/v1',
          kind: 'ClusterIssuer',
          metadata: { name: 'vault' },
        },
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 's', namespace: 'shop' },
          type: 'kubernetes.io/tls',
        },
      ]),
    ).toEqual([]);
  });

  it('reports missing apiVersion, kind and name', () => {
    const problems = problemsOf([
      namespace,
      { kind: 'Pod', metadata: { name: 'a', namespace: 'shop' } },
      { apiVersion: 'v1', metadata: { name: 'b', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: {} },
    ]);
    expect(problems).toEqual([
      expect.stringContaining('missing apiVersion'),
      expect.stringContaining('missing kind'),
      expect.stringContaining('missing metadata.name'),
    ]);
  });

  it('reports namespaces the scenario does not define, and namespaced objects without one', () => {
    const problems = problemsOf([
      namespace,
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'a', namespace: 'elsewhere' },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b' } },
    ]);
    expect(problems).toEqual([
      expect.stringContaining('namespace "elsewhere" is not defined'),
      expect.stringContaining('without metadata.namespace'),
    ]);
  });

  it('reports cluster-scoped kinds that name a namespace', () => {
    expect(
      problemsOf([
        namespace,
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'n', namespace: 'shop' },
        },
      ]),
    ).toEqual([expect.stringContaining('cluster-scoped')]);
  });

  it('refuses Secret data and duplicates, naming where they came from', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'shop' },
      data: { 'tls.key': 'eA==' },
    };
    const problems = problemsOf([
      namespace,
      secret,
      { ...secret, data: undefined, stringData: {} },
    ]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('metadata only');
    expect(problems[2]).toContain('more than once');
    expect(() =>
      validateScenario(
        [namespace, secret],
        [undefined, { file: 'x.yaml', document: 4 }],
      ),
    ).toThrow(/Secret shop\/s \(x\.yaml, document 4\)/);
  });

  it('tells the Istio Gateway from the Gateway API Gateway of the same name', () => {
    expect(
      problemsOf([
        namespace,
        {
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { name: 'g', namespace: 'shop' },
        },
        {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'Gateway',
          metadata: { name: 'g', namespace: 'shop' },
        },
      ]),
    ).toEqual([]);
  });
});
