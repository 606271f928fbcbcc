import { Agent, request } from 'http';

export interface TimedResponse<T = unknown> {
  status: number;
  body: T;
  /** From sending the request to the last byte of the body, in ms. */
  ms: number;
  /** Size of the body as sent (after any content encoding). */
  bytes: number;
}

/**
 * A plain HTTP client for one backend, with one kept-alive connection (as a
 * browser tab keeps one), timing each request to its last byte. The body is
 * parsed after the clock stops, so client-side JSON parsing is not counted.
 */
export class BenchHttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly baseUrl: string) {}

  get<T = unknown>(path: string): Promise<TimedResponse<T>> {
    return this.send<T>('GET', path);
  }

  post<T = unknown>(path: string, body: unknown): Promise<TimedResponse<T>> {
    return this.send<T>('POST', path, JSON.stringify(body));
  }

  /** Like `get`, but any status other than 200 is an error. */
  async getOk<T = unknown>(path: string): Promise<TimedResponse<T>> {
    const response = await this.get<T>(path);
    if (response.status !== 200) {
      throw new Error(
        `GET ${path} answered ${response.status}: ${JSON.stringify(
          response.body,
        ).slice(0, 500)}`,
      );
    }
    return response;
  }

  close(): void {
    this.agent.destroy();
  }

  private send<T>(
    method: string,
    path: string,
    payload?: string,
  ): Promise<TimedResponse<T>> {
    const url = new URL(path, this.baseUrl);
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(payload
              ? {
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const raw = Buffer.concat(chunks);
            const text = raw.toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              // Not JSON (an error page): keep the text.
            }
            resolve({
              status: res.statusCode ?? 0,
              body: body as T,
              ms,
              bytes: raw.length,
            });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}
