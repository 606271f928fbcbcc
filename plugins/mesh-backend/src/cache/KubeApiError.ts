/**
 * A failure the Kubernetes API answered with a `metav1.Status` (or, from a
 * proxy in front of it, with a bare HTTP error), or a watch `ERROR` event.
 * `code` is the HTTP status; `reason` is the Status reason (`Forbidden`,
 * `NotFound`, `Expired`, `Gone`, `InternalError`, ...).
 */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: string;
  /** From `Retry-After` or the Status' `details.retryAfterSeconds` (429, 503). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: number,
    reason: string,
    message: string,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Builds the error from a response body. A body that is a `Status` gives
   * code, reason and message; anything else (an HTML page from a load
   * balancer, say) keeps the HTTP status and a short excerpt.
   */
  static fromResponse(
    httpStatus: number,
    body: string,
    retryAfterHeader?: string,
  ): KubeApiError {
    const headerRetry = parseRetryAfter(retryAfterHeader);
    const status = parseStatus(body);
    if (status) {
      return KubeApiError.fromStatus(status, httpStatus, headerRetry);
    }
    const excerpt = body.trim().slice(0, 200);
    return new KubeApiError(
      httpStatus,
      reasonForHttpStatus(httpStatus),
      excerpt
        ? `HTTP ${httpStatus}: ${excerpt}`
        : `HTTP ${httpStatus} from the Kubernetes API`,
      headerRetry,
    );
  }

  /** Builds the error from a `metav1.Status` object (also a watch ERROR event's object). */
  static fromStatus(
    status: Record<string, unknown>,
    fallbackCode = 500,
    retryAfterSeconds?: number,
  ): KubeApiError {
    const code = typeof status.code === 'number' ? status.code : fallbackCode;
    const reason =
      typeof status.reason === 'string' && status.reason
        ? status.reason
        : reasonForHttpStatus(code);
    const message =
      typeof status.message === 'string' && status.message
        ? status.message
        : `${reason} (${code})`;
    const details = status.details as
      | { retryAfterSeconds?: unknown }
      | undefined;
    const detailRetry =
      typeof details?.retryAfterSeconds === 'number'
        ? details.retryAfterSeconds
        : undefined;
    return new KubeApiError(
      code,
      reason,
      message,
      retryAfterSeconds ?? detailRetry,
    );
  }
}

/**
 * 410 Gone: the resourceVersion (or continue token) is older than the
 * server's history. The only cure is a fresh list; the real server answers
 * `Expired` on lists and `Gone`/`Expired` in watch ERROR events.
 */
export function isResourceExpired(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 410;
}

export function isForbidden(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 403;
}

/** 406: the server (or a proxy) will not answer in any representation asked for. */
export function isNotAcceptable(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 406;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof KubeApiError && error.code === 404;
}

function parseStatus(body: string): Record<string, unknown> | undefined {
  if (!body.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body);
    return parsed && typeof parsed === 'object' && parsed.kind === 'Status'
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

function parseRetryAfter(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** The Status reasons the API server uses for bare HTTP codes. */
function reasonForHttpStatus(code: number): string {
  switch (code) {
    case 400:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 405:
      return 'MethodNotAllowed';
    case 406:
      return 'NotAcceptable';
    case 409:
      return 'Conflict';
    case 410:
      return 'Expired';
    case 429:
      return 'TooManyRequests';
    case 503:
      return 'ServiceUnavailable';
    case 504:
      return 'Timeout';
    default:
      return code >= 500 ? 'InternalError' : 'Unknown';
  }
}
