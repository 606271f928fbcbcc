import { readFileSync } from 'fs';
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
  /**
   * CPU time per answered request, in ms: of the server process (user +
   * system, from /proc; its background work included) and of this load
   * generator (which shares the machine).
   */
  serverCpuMsPerRequest: number;
  clientCpuMsPerRequest: number;
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
  /** The server's process id, to read its CPU time. */
  serverPid: number;
}): Promise<LoadFigures> {
  const { baseUrl, token, paths, clients, durationMs } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const url = new URL(baseUrl);
  const headers = {
    accept: 'application/json',
    // As a browser sends it: compressing answers is part of the cost.
    'accept-encoding': 'gzip, deflate',
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
  const serverCpuAtStart = processCpuMs(options.serverPid);
  const clientCpuAtStart = process.cpuUsage();
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
  const serverCpuMs = processCpuMs(options.serverPid) - serverCpuAtStart;
  const clientCpu = process.cpuUsage(clientCpuAtStart);
  const clientCpuMs = (clientCpu.user + clientCpu.system) / 1000;
  agent.destroy();
  const answered = Math.max(1, samples.length);
  return {
    clients,
    durationS: elapsedS,
    requests: samples.length + failed,
    requestsPerSecond: samples.length / elapsedS,
    errors,
    errorSamples: [...errorSamples],
    latency: latencyStats(samples),
    serverCpuMsPerRequest: serverCpuMs / answered,
    clientCpuMsPerRequest: clientCpuMs / answered,
    loadAtStart,
    loadAtEnd: loadavg()[0],
  };
}

/** User + system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
