import { fixtureView, NOW, parseYaml } from '../__testUtils__/fixtureView';
import { Kinds } from '../kinds';
import { KubeObject } from '../types/kube';
import { AnalysisContext } from './AnalysisContext';
import { autoMtlsEnabled, meshConfig } from './meshConfig';

const configMap = (name: string, mesh: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'istio-system' },
  data: { mesh },
});

const context = (
  objects: KubeObject[],
  states: Parameters<typeof fixtureView>[1] = [],
) => new AnalysisContext(fixtureView(objects, states), { now: NOW });

const autoMtls = (mesh: string) =>
  autoMtlsEnabled(context([configMap('istio', mesh)]), 'default');

describe('the mesh config, read as YAML', () => {
  it.each([
    ['enableAutoMtls: false', false],
    ['enableAutoMtls: false # turned off for the migration', false],
    ['{ enableAutoMtls: false, rootNamespace: istio-system }', false],
    ['enableAutoMtls: true', true],
    ['accessLogFile: /dev/stdout', true],
    ['', true],
    // a key of the same name deeper down is not the mesh-wide setting
    ['defaultConfig:\n  enableAutoMtls: false', true],
    // a block scalar that merely mentions it
    ['description: |\n  enableAutoMtls: false', true],
  ])('%j: auto mTLS %s', (mesh, expected) => {
    expect(autoMtls(mesh)).toBe(expected);
  });

  it('is unknown when it cannot be read or is no YAML mapping', () => {
    expect(autoMtls('enableAutoMtls: [false')).toBe('unknown');
    expect(autoMtls('- a list')).toBe('unknown');
    expect(autoMtlsEnabled(context([]), 'default')).toBe('unknown');
    expect(
      autoMtlsEnabled(
        context(
          [configMap('istio', 'enableAutoMtls: false')],
          [{ kind: Kinds.ConfigMap, status: 'forbidden' }],
        ),
        'default',
      ),
    ).toBe('unknown');
  });

  it("reads a revision's own ConfigMap, through its tag, else istio", () => {
    const objects = [
      configMap('istio', 'enableAutoMtls: true'),
      configMap('istio-1-24-3', 'enableAutoMtls: false'),
      ...parseYaml(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: istiod-1-24-3, namespace: istio-system, labels: { app: istiod, istio.io/rev: 1-24-3 } }
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: { name: istio-revision-tag-prod, labels: { istio.io/tag: prod, istio.io/rev: 1-24-3 } }`),
    ];
    const ctx = context(objects);
    expect(autoMtlsEnabled(ctx, '1-24-3')).toBe(false);
    expect(autoMtlsEnabled(ctx, 'prod')).toBe(false);
    expect(autoMtlsEnabled(ctx, '1-25-0')).toBe(true);
    expect(meshConfig(ctx, 'prod')).toMatchObject({
      found: true,
      ref: {
        kind: 'ConfigMap',
        namespace: 'istio-system',
        name: 'istio-1-24-3',
      },
    });
  });
});
