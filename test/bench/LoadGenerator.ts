import { Agent, request } from 'http';
import { loadavg } from 'os';
import { LatencyStats, latencyStats } from './latencyStats';

/** What one load phase measured. */
export interface LoadFigures {
  clients: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  /** Answers other than 200/304, and requests that failed outright. */
  errors: number;
  /** Up to 5 distinct error descriptions, for the report. */
  errorSamples: string[];
  latency: LatencyStats;
  /** 1-minute load average when the phase started and ended. */
  loadAtStart: number;
  loadAtEnd: number;
}

/**
 * `clients` concurrent clients, each on its own kept-alive connection (a
 * browser tab each), sending GETs back to back for `durationMs`, cycling
 * through `paths` from a different start each. A request's time runs from
 * sending it to its last byte; bodies are not parsed (the client shares the
 * CPU with the server, so it does as little as it can).
 */
export async function generateLoad(options: {
  baseUrl: string;
  token: string;
  paths: readonly string[];
  clients: number;
  durationMs: number;
}): Promise<LoadFigures> {
  const { baseUrl, token, paths, clients, durationMs } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL(baseUrl);
  const headers = {
    accept: 'application/json',
    authorization: `Bearer ${token}`,
  };
  const samples: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  let failed = 0;
  const noteError = (what: string) => {
    errors++;
    if (errorSamples.size < 5) errorSamples.add(what);
  };

  const get = (path: string) =>
    new Promise<void>(resolve => {
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `${url.pathname.replace(/\/$/, '')}${path}`,
          agent,
          headers,
        },
        res => {
          res.on('data', () => {});
          res.on('error', error => {
            failed++;
            noteError(`${path}: ${error.message}`);
            resolve();
          });
          res.on('end', () => {
            samples.push(Number(process.hrtime.bigint() - started) / 1e6);
            const status = res.statusCode ?? 0;
            if (status !== 200 && status !== 304) {
              noteError(`${path}: HTTP ${status}`);
            }
            resolve();
          });
        },
      );
      req.on('error', error => {
        failed++;
        noteError(`${path}: ${error.message}`);
        resolve();
      });
      req.end();
    });

  const loadAtStart = loadavg()[0];
  const started = Date.now();
  const end = started + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let next = Math.floor((client * paths.length) / clients);
      while (Date.now() < end) {
        await get(paths[next]);
        next = (next + 1) % paths.length;
      }
    }),
  );
  const elapsedS = (Date.now() - started) / 1000;
  agent.destroy();
  return {
    clients,
    durationS: elapsedS,
    requests: samples.length + failed,
    requestsPerSecond: samples.length / elapsedS,
    errors,
    errorSamples: [...errorSamples],
    latency: latencyStats(samples),
    loadAtStart,
    loadAtEnd: loadavg()[0],
  };
}
