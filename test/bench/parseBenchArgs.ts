/** The backend benchmark's parameters (defaults: the fleet). */
export interface BenchArgs {
  clusters: number;
  services: number;
  podsPerService: number;
  /** Distinct entities whose status is requested from the mesh backend. */
  entities: number;
  /** Requests per entity (sequential, round-robin over the sample). */
  repeats: number;
  /** Distinct entities asked of the kubernetes backend (each request fans out). */
  k8sEntities: number;
  /** Writes whose watch-event → status latency is measured. */
  events: number;
  /** Services of the in-process whole-cluster analysis. */
  analysisServices: number;
  /** Runs of the in-process analysis (the first is reported apart). */
  analysisRuns: number;
  /** Idle time after the first complete analysis, before the requests (ms). */
  settleMs: number;
  /** Entity-status requests to other entities before the measured ones. */
  warmUpRequests: number;
  /** The catalog double: `indexed` (default) or the plain `catalogServiceMock` (`--catalog-mock`). */
  catalog: 'indexed' | 'mock';
  /**
   * Also measure the mesh backend under this memory limit (MiB), as in a pod
   * with `resources.limits.memory`; 0: only without a limit.
   */
  memoryLimitMb: number;
  /** Write the figures as JSON here. */
  json?: string;
  quick: boolean;
}

type Sized = Omit<BenchArgs, 'json' | 'quick' | 'catalog' | 'memoryLimitMb'>;

const FULL: Sized = {
  clusters: 3,
  services: 2000,
  podsPerService: 10,
  entities: 300,
  repeats: 3,
  k8sEntities: 150,
  events: 10,
  analysisServices: 1600,
  analysisRuns: 6,
  settleMs: 5000,
  warmUpRequests: 1000,
};

/** A smoke run: small enough to finish in well under a minute. */
const QUICK: Sized = {
  clusters: 1,
  services: 200,
  podsPerService: 10,
  entities: 50,
  repeats: 2,
  k8sEntities: 10,
  events: 4,
  analysisServices: 200,
  analysisRuns: 3,
  settleMs: 1000,
  warmUpRequests: 200,
};

const NUMERIC: Record<string, keyof Sized> = {
  '--clusters': 'clusters',
  '--services': 'services',
  '--pods-per-service': 'podsPerService',
  '--entities': 'entities',
  '--repeats': 'repeats',
  '--k8s-entities': 'k8sEntities',
  '--events': 'events',
  '--analysis-services': 'analysisServices',
  '--analysis-runs': 'analysisRuns',
  '--settle-ms': 'settleMs',
  '--warm-up': 'warmUpRequests',
};

const BENCH_USAGE = `usage: backendBench.ts [--quick] [--clusters 3] [--services 2000]
  [--pods-per-service 10] [--entities 300] [--repeats 3] [--k8s-entities 50]
  [--events 10] [--analysis-services 1600] [--analysis-runs 6] [--settle-ms 5000] [--warm-up 1000]
  [--catalog-mock]
  [--memory-limit <MiB, 0 for none>] [--json <path>]`;

/**
 * Reads the flags; `--quick` picks the smoke defaults, and flags given next
 * to it still win. Throws on unknown flags and bad numbers.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const quick = argv.includes('--quick');
  const args: BenchArgs = {
    ...(quick ? QUICK : FULL),
    catalog: argv.includes('--catalog-mock') ? 'mock' : 'indexed',
    memoryLimitMb: 512,
    quick,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick' || flag === '--catalog-mock') continue;
    const value = argv[i + 1];
    if (flag === '--json') {
      if (!value) throw new Error('--json needs a path');
      args.json = value;
      i++;
      continue;
    }
    if (flag === '--memory-limit') {
      const n = Number(value);
      if (!Number.isInteger(n) || (n !== 0 && n < 128)) {
        throw new Error(`--memory-limit needs MiB >= 128 (or 0), got ${value}`);
      }
      args.memoryLimitMb = n;
      i++;
      continue;
    }
    const key = NUMERIC[flag];
    if (!key) throw new Error(`unknown flag ${flag}\n${BENCH_USAGE}`);
    const n = Number(value);
    const min =
      key === 'services'
        ? 10
        : key === 'settleMs' || key === 'warmUpRequests'
        ? 0
        : 1;
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`${flag} needs an integer >= ${min}, got ${value}`);
    }
    args[key] = n;
    i++;
  }
  return args;
}
