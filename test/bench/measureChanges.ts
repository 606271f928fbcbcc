import type { Entity } from '@backstage/catalog-model';
import type {
  EntityMeshStatus,
  FleetFinding,
  Page,
} from '@meshwise/plugin-mesh-common';
import { BenchHttpClient } from './BenchHttpClient';
import { entityStatusPath } from './entityStatusPath';
import { JsonLineChild } from './JsonLineChild';
import { pollUntil, wallClockMs } from './pollUntil';

const CHANGE_TIMEOUT_MS = 60_000;

const policyRef = (namespace: string, name: string) => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  namespace,
  name: `${name}-viewer`,
});

/**
 * Deletes a service's AuthorizationPolicy in one cluster, then puts it back,
 * for `events / 2` services: each write is one watch event. Times, from
 * the moment the write is sent to the cluster host, until the entity status
 * reflects it (polled every 5 ms) and until `/findings` does (MW401, "no
 * AuthorizationPolicy", appears and goes; polled every 20 ms, after the
 * status).
 */
export async function measureChanges(
  events: number,
  http: BenchHttpClient,
  clusterHost: JsonLineChild,
  cluster: string,
  sample: Entity[],
): Promise<{ watchToStatus: number[]; changeToFindings: number[] }> {
  const watchToStatus: number[] = [];
  const changeToFindings: number[] = [];
  const wanted = Math.max(1, Math.ceil(events / 2));
  const targets: Array<{ entity: Entity; policy: Record<string, unknown> }> =
    [];
  for (const entity of sample) {
    if (targets.length >= wanted) break;
    const namespace =
      entity.metadata.annotations?.['backstage.io/kubernetes-namespace'];
    if (!namespace) continue;
    const policy = await clusterHost.send<Record<string, unknown> | null>({
      op: 'get',
      cluster,
      ref: policyRef(namespace, entity.metadata.name),
    });
    if (policy) targets.push({ entity, policy });
  }
  if (targets.length === 0) {
    throw new Error('no sampled service has an AuthorizationPolicy to change');
  }

  const hasPolicy = (status: EntityMeshStatus, name: string) =>
    status.clusters
      .find(c => c.cluster === cluster)!
      .workloads.some(w =>
        w.authorization.policies.some(p => p.ref.name === name),
      );
  const mw401 = async (name: string) =>
    (
      await http.getOk<Page<FleetFinding>>(
        `/api/mesh/findings?code=MW401&cluster=${cluster}&search=${name}&limit=10`,
      )
    ).body.items.some(f => f.objects.some(o => o.name === name));

  for (const { entity, policy } of targets) {
    const name = entity.metadata.name;
    const namespace = entity.metadata.annotations![
      'backstage.io/kubernetes-namespace'
    ] as string;
    const policyName = `${name}-viewer`;
    for (const present of [false, true]) {
      const sentAt = wallClockMs();
      if (present) {
        await clusterHost.send({ op: 'put', cluster, object: policy });
      } else {
        await clusterHost.send({
          op: 'delete',
          cluster,
          ref: policyRef(namespace, name),
        });
      }
      const seen = await pollUntil(
        async () =>
          (
            await http.getOk<EntityMeshStatus>(entityStatusPath(entity))
          ).body,
        status => hasPolicy(status, policyName) === present,
        {
          intervalMs: 5,
          timeoutMs: CHANGE_TIMEOUT_MS,
          what: `${policyName} ${present ? 'back' : 'gone'} in the status`,
        },
      );
      watchToStatus.push(seen.at - sentAt);
      const found = await pollUntil(
        () => mw401(name),
        flagged => flagged === !present,
        {
          intervalMs: 20,
          timeoutMs: CHANGE_TIMEOUT_MS,
          what: `MW401 for ${name} ${present ? 'gone' : 'raised'}`,
        },
      );
      changeToFindings.push(found.at - sentAt);
    }
  }
  return { watchToStatus, changeToFindings };
}
