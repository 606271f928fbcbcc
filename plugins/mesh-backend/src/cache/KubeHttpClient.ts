import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { KubernetesCredential } from '@backstage/plugin-kubernetes-node';
import { JsonLineSplitter } from './JsonLineSplitter';
import { KubeApiError } from './KubeApiError';
import { StalledRequestError } from './StalledRequestError';

export type QueryValue = string | number | boolean | undefined;

/** How to reach one cluster's API server. */
export interface KubeHttpClientOptions {
  /** The API server URL from the cluster config; may carry a path prefix (API proxies). */
  url: string;
  /**
   * Asked before every request, so rotating tokens (and the kubernetes
   * backend's auth strategies) work; absent means anonymous.
   */
  credential?: () => Promise<KubernetesCredential>;
  /** Base64-encoded PEM bundle (as in Backstage's cluster config); plain PEM also accepted. */
  caData?: string;
  skipTLSVerify?: boolean;
  /** Ask for gzip on lists (the API server compresses large responses); default true. */
  compression?: boolean;
}

export interface KubeRequestOptions {
  query?: Record<string, QueryValue>;
  accept?: string;
  signal?: AbortSignal;
  /** Fail with `StalledRequestError` when no byte arrives for this long. */
  stallTimeoutMs?: number;
}

/** A watch event as it travels on the wire (`metav1.WatchEvent`). */
export interface RawWatchEvent {
  type: string;
  object: Record<string, unknown>;
}

export interface KubeWatchOptions extends KubeRequestOptions {
  /** The server accepted the watch (200 and headers received). */
  onOpen?: () => void;
  /** Every ADDED / MODIFIED / DELETED / BOOKMARK event, synchronously as it is parsed. */
  onEvent: (event: RawWatchEvent) => void;
}

/** Only fixed API paths are requested: no host, scheme, query or dot segments from callers. */
const API_PATH =
  /^\/(?:(?:api|apis|version)(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*|readyz)$/;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

type Settle<T> = (error: Error | undefined, value?: T) => void;

/**
 * A lean client for the Kubernetes API's list, get and watch on plain
 * `http`/`https`: objects stay the plain JSON the server sent (no typed
 * deserialisation, which costs more than the network for 20,000 pods),
 * connections are kept alive, and every request can be aborted.
 */
export class KubeHttpClient {
  private readonly base: URL;
  private readonly basePath: string;
  private readonly agent: http.Agent;
  private readonly secure: boolean;

  static create(options: KubeHttpClientOptions): KubeHttpClient {
    return new KubeHttpClient(options);
  }

  private constructor(private readonly options: KubeHttpClientOptions) {
    this.base = new URL(options.url);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new Error(
        `Unsupported Kubernetes API URL scheme "${this.base.protocol}"`,
      );
    }
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    this.secure = this.base.protocol === 'https:';
    this.agent = this.secure
      ? new https.Agent({
          keepAlive: true,
          ca: decodeCaData(options.caData),
          rejectUnauthorized: !options.skipTLSVerify,
        })
      : new http.Agent({ keepAlive: true });
  }

  /** GET a JSON document (a list page, a discovery document, one object). */
  async getJson<T = Record<string, unknown>>(
    path: string,
    options: KubeRequestOptions = {},
  ): Promise<T> {
    const compression = this.options.compression ?? true;
    return this.exchange<T>(
      path,
      options,
      compression,
      (res, settle, touch) => {
        const body = decodedBody(res, touch);
        // Decoded chunk by chunk: no second multi-MB buffer for a page of
        // 500 pods, whose malloc'd memory the process would keep.
        body.setEncoding('utf8');
        const parts: string[] = [];
        body.on('data', (part: string) => parts.push(part));
        body.on('error', error => settle(error));
        body.on('end', () => {
          try {
            settle(undefined, JSON.parse(parts.join('')) as T);
          } catch (error) {
            settle(error as Error);
          }
        });
      },
    );
  }

  /**
   * Runs one watch request until the server ends it (resolves: a clean end,
   * e.g. `timeoutSeconds`), it fails (rejects: connection lost, stall,
   * abort, or an `ERROR` event turned into a `KubeApiError`).
   */
  async watch(path: string, options: KubeWatchOptions): Promise<void> {
    const query = { ...options.query, watch: 1 };
    return this.exchange<void>(
      path,
      { ...options, query },
      false,
      (res, settle, touch) => {
        options.onOpen?.();
        const splitter = new JsonLineSplitter();
        let failed = false;
        const onLine = (line: string) => {
          if (failed) return;
          let event: RawWatchEvent;
          try {
            event = JSON.parse(line);
          } catch {
            failed = true;
            settle(new Error('malformed watch event from the Kubernetes API'));
            return;
          }
          if (event.type === 'ERROR') {
            failed = true;
            settle(KubeApiError.fromStatus(event.object ?? {}));
            return;
          }
          try {
            options.onEvent(event);
          } catch (error) {
            failed = true;
            settle(error as Error);
          }
        };
        const body = decodedBody(res, touch);
        body.on('data', (chunk: Buffer) => splitter.push(chunk, onLine));
        body.on('error', error => settle(error));
        body.on('end', () => {
          splitter.flush(onLine);
          settle(undefined);
        });
      },
    );
  }

  /**
   * GET the API server's readiness endpoint: resolves with the HTTP status
   * whatever it is (an answer, even 500 or 403, proves the server is
   * reachable), rejects only when no answer arrives (refused, reset, TLS,
   * stalled, aborted).
   */
  async probeReadiness(options: KubeRequestOptions = {}): Promise<number> {
    try {
      return await this.exchange<number>(
        '/readyz',
        { ...options, accept: 'text/plain, application/json' },
        false,
        (res, settle, touch) => {
          const body = decodedBody(res, touch);
          body.on('data', () => {});
          body.on('error', error => settle(error));
          body.on('end', () => settle(undefined, res.statusCode ?? 0));
        },
      );
    } catch (error) {
      if (error instanceof KubeApiError) return error.code;
      throw error;
    }
  }

  /** Closes idle keep-alive sockets; in-flight requests are ended by their signals. */
  close(): void {
    this.agent.destroy();
  }

  private async exchange<T>(
    path: string,
    options: KubeRequestOptions,
    acceptGzip: boolean,
    consume: (
      res: IncomingMessage,
      settle: Settle<T>,
      touch: () => void,
    ) => void,
  ): Promise<T> {
    if (!API_PATH.test(path)) {
      throw new Error(`Refusing to request a non-API path: ${path}`);
    }
    options.signal?.throwIfAborted();
    const credential = this.options.credential
      ? await this.options.credential()
      : ({ type: 'anonymous' } as const);
    options.signal?.throwIfAborted();

    const url = new URL(this.base.href);
    url.pathname = this.basePath + path;
    url.search = queryString(options.query);
    const headers: Record<string, string> = {
      Accept: options.accept ?? 'application/json',
      'User-Agent': 'meshwise-mesh-backend',
    };
    if (acceptGzip) headers['Accept-Encoding'] = 'gzip';
    const tlsOptions: https.RequestOptions = {};
    if (credential.type === 'bearer token') {
      headers.Authorization = `Bearer ${credential.token}`;
    } else if (credential.type === 'x509 client certificate') {
      if (!this.secure) {
        throw new Error('x509 client certificates need an https cluster URL');
      }
      // Per request, so the agent pools sockets per certificate (it keys on them).
      tlsOptions.cert = credential.cert;
      tlsOptions.key = credential.key;
    }

    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let stallTimer: NodeJS.Timeout | undefined;
      const request = (this.secure ? https : http).request(url, {
        method: 'GET',
        agent: this.agent,
        headers,
        signal: options.signal,
        ...tlsOptions,
      });
      const settle: Settle<T> = (error, value) => {
        if (settled) return;
        settled = true;
        if (stallTimer) clearTimeout(stallTimer);
        if (error) {
          request.destroy();
          reject(error);
        } else {
          resolve(value as T);
        }
      };
      const stallMs = options.stallTimeoutMs;
      const touch = stallMs
        ? () => {
            if (settled) return;
            if (stallTimer) stallTimer.refresh();
            else
              stallTimer = setTimeout(
                () => settle(new StalledRequestError(stallMs)),
                stallMs,
              );
          }
        : () => {};

      request.on('error', error => settle(error));
      request.on('response', res => {
        touch();
        res.on('error', error => settle(error));
        res.on('close', () => {
          if (!res.complete) {
            settle(
              new Error(
                'the Kubernetes API closed the connection before the response ended',
              ),
            );
          }
        });
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          readErrorBody(res, touch, text =>
            settle(
              KubeApiError.fromResponse(
                status,
                text,
                headerValue(res.headers['retry-after']),
              ),
            ),
          );
          return;
        }
        consume(res, settle, touch);
      });
      touch();
      request.end();
    });
  }
}

function decodedBody(
  res: IncomingMessage,
  touch: () => void,
): NodeJS.ReadableStream {
  res.on('data', touch);
  if (headerValue(res.headers['content-encoding']) === 'gzip') {
    return res.pipe(createGunzip());
  }
  return res;
}

function readErrorBody(
  res: IncomingMessage,
  touch: () => void,
  done: (text: string) => void,
): void {
  const body = decodedBody(res, touch);
  const chunks: Buffer[] = [];
  let size = 0;
  body.on('data', (chunk: Buffer) => {
    if (size < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
    size += chunk.length;
  });
  body.on('error', () => done(''));
  body.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Backstage's `caData`, like kubeconfig's, is base64 of the PEM bundle. */
function decodeCaData(caData: string | undefined): string | undefined {
  if (!caData) return undefined;
  if (caData.includes('-----BEGIN')) return caData;
  return Buffer.from(caData, 'base64').toString('utf8');
}
