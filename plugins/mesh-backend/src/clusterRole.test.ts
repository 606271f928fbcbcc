import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { watchedKinds } from './cache';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
}

const manifests = parseAllDocuments(
  fs.readFileSync(
    path.resolve(__dirname, '../deploy/clusterrole.yaml'),
    'utf8',
  ),
).map(doc => doc.toJS() as Manifest);

/** `group/resource verbs` for every grant of the manifests of a kind. */
const grants = (kind: string) =>
  manifests
    .filter(m => m.kind === kind)
    .flatMap(m => m.rules ?? [])
    .flatMap(rule =>
      rule.apiGroups.flatMap(group =>
        rule.resources.map(r => `${group}/${r} ${rule.verbs.join(',')}`),
      ),
    )
    .sort();

const listWatch = (kinds: ReturnType<typeof watchedKinds>) =>
  kinds.map(k => `${k.group}/${k.plural} list,watch`).sort();

describe('deploy/clusterrole.yaml', () => {
  it('grants list and watch on exactly the kinds the cache watches, and no Secrets', () => {
    const kinds = watchedKinds();
    expect(grants('ClusterRole')).toEqual(
      listWatch(kinds.filter(k => !k.namespace)),
    );
    expect(grants('Role')).toEqual(listWatch(kinds.filter(k => k.namespace)));
    expect(manifests.find(m => m.kind === 'Role')?.metadata.namespace).toBe(
      'istio-system',
    );
    expect([...grants('ClusterRole'), ...grants('Role')].join()).not.toContain(
      '/secrets',
    );
  });

  it("has a token Secret for the mesh backend's own account, to give as mesh.clusters[].serviceAccountToken", () => {
    const account = manifests.find(m => m.kind === 'ServiceAccount');
    expect(account?.metadata).toEqual({
      name: 'meshwise-reader',
      namespace: 'backstage',
    });
    expect(manifests.find(m => m.kind === 'Secret')).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'meshwise-reader-token',
        namespace: 'backstage',
        annotations: {
          'kubernetes.io/service-account.name': 'meshwise-reader',
        },
      },
      type: 'kubernetes.io/service-account-token',
    });
  });
});
