/* eslint-disable no-console */
/**
 * Load benchmark (issue 12, "Throughput"): a script, not a test. Starts the
 * demo portal backend (packages/backend with the embedded demo cluster, the
 * real catalog, guest sign-in and the permission framework) twice — first
 * with the mesh access cache off (`mesh.accessCache.ttlSeconds: 0`), then on
 * — and in each drives, with the guest's real token over HTTP, the entity
 * status route with many concurrent clients, then /findings and
 * /fleet/services with fewer. Prints both runs side by side with the
 * targets; exits non-zero only on errors (a backend that does not start, a
 * wrong answer before the load), never because a target is missed.
 *
 *   npm run bench:load -- [--quick] [--clients 200] [--duration 60]
 *     [--fleet-clients 20] [--fleet-duration 20] [--warm-up 5] [--ttl 5]
 *     [--json figures.json]
 */
import { writeFileSync } from 'fs';
import { cpus } from 'os';
import { resolve } from 'path';
import type { Entity } from '@backstage/catalog-model';
import { workloadSelectionForEntity } from '@meshwise/plugin-mesh-common';
import { benchLog } from './benchLog';
import { formatLoadReport, LoadReport, LoadRun } from './formatLoadReport';
import { generateLoad } from './LoadGenerator';
import { pollUntil } from './pollUntil';
import {
  DemoPortalBackend,
  startDemoPortalBackend,
} from './startDemoPortalBackend';

const REPO_ROOT = resolve(__dirname, '..', '..');

interface LoadArgs {
  clients: number;
  durationS: number;
  fleetClients: number;
  fleetDurationS: number;
  warmUpS: number;
  ttlSeconds: number;
  json?: string;
  /** Where the backend writes a V8 CPU profile of each run (`--cpu-prof`). */
  cpuProfDir?: string;
}

function parseLoadArgs(argv: string[]): LoadArgs {
  const quick = argv.includes('--quick');
  const args: LoadArgs = {
    clients: 200,
    durationS: quick ? 10 : 60,
    fleetClients: 20,
    fleetDurationS: quick ? 5 : 20,
    warmUpS: quick ? 2 : 5,
    ttlSeconds: 5,
  };
  const numeric: Record<string, keyof Omit<LoadArgs, 'json' | 'cpuProfDir'>> = {
    '--clients': 'clients',
    '--duration': 'durationS',
    '--fleet-clients': 'fleetClients',
    '--fleet-duration': 'fleetDurationS',
    '--warm-up': 'warmUpS',
    '--ttl': 'ttlSeconds',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') continue;
    const value = argv[i + 1];
    if (flag === '--json' && value) {
      args.json = value;
      i++;
    } else if (flag === '--cpu-prof' && value) {
      args.cpuProfDir = resolve(value);
      i++;
    } else if (numeric[flag] && value !== undefined && Number(value) >= 0) {
      args[numeric[flag]] = Number(value);
      i++;
    } else {
      throw new Error(
        `Unknown flag or bad value: ${flag} ${
          value ?? ''
        } (see test/bench/README.md)`,
      );
    }
  }
  if (args.ttlSeconds <= 0) throw new Error('--ttl must be above 0');
  if (args.clients < 1 || args.fleetClients < 1) {
    throw new Error('--clients and --fleet-clients must be at least 1');
  }
  return args;
}

/** Signs in as the guest (as the app does) and returns the Backstage token. */
async function guestToken(baseUrl: string): Promise<string> {
  const response = await fetch(
    `${baseUrl}/api/auth/guest/refresh?env=development`,
    { headers: { 'x-requested-with': 'XMLHttpRequest' } },
  );
  if (!response.ok) {
    throw new Error(
      `guest sign-in answered ${response.status}: ${await response.text()}`,
    );
  }
  const body = (await response.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error('guest sign-in returned no Backstage token');
  return token;
}

async function getJson<T>(
  baseUrl: string,
  token: string,
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // An error page: keep the text.
  }
  return { status: response.status, body: body as T };
}

/**
 * Waits until the catalog holds the demo fleet's annotated components and
 * every cluster is synced; returns the entity status paths, each checked
 * once to answer the entity's status.
 */
async function readyEntityPaths(
  backend: DemoPortalBackend,
  token: string,
): Promise<string[]> {
  const { baseUrl } = backend;
  // The catalog ingests its locations bit by bit: wait until the count of
  // annotated components has held for 5 polls.
  let seen: Entity[] = [];
  let unchangedPolls = 0;
  const { value: entities } = await pollUntil(
    async () => {
      const { status, body } = await getJson<Entity[]>(
        baseUrl,
        token,
        '/api/catalog/entities?filter=kind=component',
      );
      const list =
        status === 200
          ? body.filter(entity => workloadSelectionForEntity(entity))
          : [];
      unchangedPolls = list.length === seen.length ? unchangedPolls + 1 : 0;
      seen = list;
      return list;
    },
    list => list.length > 0 && unchangedPolls >= 5,
    { intervalMs: 1_000, timeoutMs: 180_000, what: 'the demo catalog' },
  );
  await pollUntil(
    async () =>
      (
        await getJson<{ items: Array<{ status: string }> }>(
          baseUrl,
          token,
          '/api/mesh/clusters',
        )
      ).body,
    body =>
      Array.isArray(body?.items) &&
      body.items.length > 0 &&
      body.items.every(cluster => cluster.status === 'synced'),
    { intervalMs: 500, timeoutMs: 180_000, what: 'every cluster synced' },
  );
  const paths = entities.map(entity => {
    const namespace = encodeURIComponent(
      entity.metadata.namespace ?? 'default',
    );
    const kind = encodeURIComponent(entity.kind.toLowerCase());
    const name = encodeURIComponent(entity.metadata.name);
    return `/api/mesh/entities/${namespace}/${kind}/${name}/status`;
  });
  for (const path of paths) {
    const { status, body } = await getJson<{ clusters?: unknown[] }>(
      baseUrl,
      token,
      path,
    );
    if (status !== 200 || !Array.isArray(body?.clusters)) {
      throw new Error(
        `${path} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`,
      );
    }
  }
  return paths;
}

async function measure(
  args: LoadArgs,
  label: string,
  ttlSeconds: number,
): Promise<{ run: LoadRun; entities: number }> {
  benchLog(`${label}: starting the demo portal backend`);
  const backend = await startDemoPortalBackend({
    repoRoot: REPO_ROOT,
    config: { 'mesh.accessCache.ttlSeconds': ttlSeconds },
    ...(args.cpuProfDir
      ? { nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${args.cpuProfDir}`] }
      : {}),
  });
  try {
    let token = await guestToken(backend.baseUrl);
    const paths = await readyEntityPaths(backend, token);
    // Signed in again now that the catalog knows the guest (ownership claims).
    token = await guestToken(backend.baseUrl);
    const { baseUrl } = backend;
    benchLog(
      `${label}: ${paths.length} entities; warm-up ${args.warmUpS} s with ${args.clients} clients`,
    );
    const serverPid = backend.pid;
    await generateLoad({
      baseUrl,
      token,
      paths,
      clients: args.clients,
      durationMs: args.warmUpS * 1000,
      serverPid,
    });
    benchLog(
      `${label}: entity status, ${args.clients} clients × ${args.durationS} s`,
    );
    const entityStatus = await generateLoad({
      baseUrl,
      token,
      paths,
      clients: args.clients,
      durationMs: args.durationS * 1000,
      serverPid,
    });
    const fleet = (path: string) => {
      benchLog(
        `${label}: ${path}, ${args.fleetClients} clients × ${args.fleetDurationS} s`,
      );
      return generateLoad({
        baseUrl,
        token,
        paths: [path],
        clients: args.fleetClients,
        durationMs: args.fleetDurationS * 1000,
        serverPid,
      });
    };
    const findings = await fleet('/api/mesh/findings?limit=50');
    const fleetServices = await fleet('/api/mesh/fleet/services?limit=50');
    const errors = entityStatus.errors + findings.errors + fleetServices.errors;
    return {
      run: {
        label,
        ttlSeconds,
        entityStatus,
        findings,
        fleetServices,
        // What the backend logged about them (warnings and errors only).
        ...(errors ? { backendLogTail: backend.logTail() } : {}),
      },
      entities: paths.length,
    };
  } finally {
    await backend.stop();
  }
}

async function main() {
  const args = parseLoadArgs(process.argv.slice(2));
  const before = await measure(args, 'before (ttl 0)', 0);
  const after = await measure(
    args,
    `after (ttl ${args.ttlSeconds} s)`,
    args.ttlSeconds,
  );
  const report: LoadReport = {
    cpus: cpus().length,
    entities: after.entities,
    runs: [before.run, after.run],
  };
  console.log(formatLoadReport(report));
  if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
}

main().catch(error => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
