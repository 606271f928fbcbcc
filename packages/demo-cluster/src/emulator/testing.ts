import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A watch stream read line by line, for tests. */
export interface WatchReader {
  status: number;
  /** Waits for the next `n` events (parsed lines). */
  next(n?: number, timeoutMs?: number): Promise<any[]>;
  /** Resolves when the server ends the stream; `aborted` tells a dropped socket. */
  ended: Promise<{ aborted: boolean }>;
  close(): void;
}

/** Opens a watch (or any streaming GET) and parses newline-delimited JSON. */
export function openWatch(
  url: string,
  headers: Record<string, string> = {},
): Promise<WatchReader> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, { headers, rejectUnauthorized: false }, res => {
      const queue: any[] = [];
      let waiter: (() => void) | undefined;
      let buffer = '';
      let endResolve: (v: { aborted: boolean }) => void;
      const ended = new Promise<{ aborted: boolean }>(r => {
        endResolve = r;
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.trim()) queue.push(JSON.parse(line));
          nl = buffer.indexOf('\n');
        }
        waiter?.();
      });
      res.on('end', () => {
        endResolve({ aborted: false });
        waiter?.();
      });
      res.on('aborted', () => endResolve({ aborted: true }));
      res.on('error', () => endResolve({ aborted: true }));
      res.on('close', () => {
        endResolve({ aborted: !res.complete });
        waiter?.();
      });
      resolve({
        status: res.statusCode ?? 0,
        ended,
        next: async (n = 1, timeoutMs = 5000) => {
          // Resolves on the next chunk, end or close of the stream, or after `ms`.
          const settle = (ms: number) =>
            new Promise<void>(r => {
              const t = setTimeout(r, ms);
              waiter = () => {
                clearTimeout(t);
                r();
              };
            });
          const deadline = Date.now() + timeoutMs;
          while (queue.length < n) {
            const left = deadline - Date.now();
            if (left <= 0 || res.complete || res.destroyed) {
              if (queue.length >= n) break;
              throw new Error(
                `expected ${n} watch events, got ${
                  queue.length
                }: ${JSON.stringify(queue)}`,
              );
            }
            await settle(left);
          }
          return queue.splice(0, n);
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A self-signed certificate for 127.0.0.1/localhost made with the system `openssl`. */
export function makeSelfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kube-emulator-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=kube-emulator',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'tls.key'),
        '-out',
        join(dir, 'tls.crt'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'tls.key'), 'utf8'),
      cert: readFileSync(join(dir, 'tls.crt'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
