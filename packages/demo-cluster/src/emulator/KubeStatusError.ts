/** The `details` of a `metav1.Status`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: string; message?: string; field?: string }>;
  retryAfterSeconds?: number;
}

/** A failure answered as a Kubernetes `Status` object with the matching HTTP code. */
export class KubeStatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;
  /** Extra `metadata` on the Status (the real server puts a `continue` token there on 410). */
  readonly statusMetadata?: Record<string, string>;
  /** Sent as a `Retry-After` header (seconds). */
  readonly retryAfterSeconds?: number;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: StatusDetails,
    extra?: {
      statusMetadata?: Record<string, string>;
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
    this.name = 'KubeStatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
    this.statusMetadata = extra?.statusMetadata;
    this.retryAfterSeconds = extra?.retryAfterSeconds;
  }

  /** The `metav1.Status` body, field order as the real server writes it. */
  toStatus(): Record<string, unknown> {
    const status: Record<string, unknown> = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.statusMetadata ?? {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
    };
    if (this.details) status.details = this.details;
    status.code = this.code;
    return status;
  }
}

/** What names a resource in messages and `details`: `pods`, or `deployments` in `apps`. */
export interface GroupResource {
  group: string;
  resource: string;
}

function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function detailsOf(gr: GroupResource, name?: string): StatusDetails {
  const details: StatusDetails = {};
  if (name !== undefined) details.name = name;
  if (gr.group) details.group = gr.group;
  details.kind = gr.resource;
  return details;
}

export function notFound(gr: GroupResource, name: string): KubeStatusError {
  return new KubeStatusError(
    404,
    'NotFound',
    `${qualified(gr)} "${name}" not found`,
    detailsOf(gr, name),
  );
}

/** The answer for a path no API serves (also: a CRD that is not installed). */
export function pathNotFound(): KubeStatusError {
  return new KubeStatusError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {},
  );
}

export function alreadyExists(
  gr: GroupResource,
  name: string,
): KubeStatusError {
  return new KubeStatusError(
    409,
    'AlreadyExists',
    `${qualified(gr)} "${name}" already exists`,
    detailsOf(gr, name),
  );
}

export function conflict(gr: GroupResource, name: string): KubeStatusError {
  return new KubeStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(
      gr,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(gr, name),
  );
}

export function badRequest(message: string): KubeStatusError {
  return new KubeStatusError(400, 'BadRequest', message);
}

export function invalid(
  kind: string,
  group: string,
  name: string,
  causes: Array<{ field: string; message: string; reason?: string }>,
): KubeStatusError {
  const text = causes.map(c => `${c.field}: ${c.message}`).join(', ');
  const details: StatusDetails = { name };
  if (group) details.group = group;
  details.kind = kind;
  details.causes = causes.map(c => ({
    reason: c.reason ?? 'FieldValueInvalid',
    message: c.message,
    field: c.field,
  }));
  return new KubeStatusError(
    422,
    'Invalid',
    `${kind} "${name}" is invalid: ${text}`,
    details,
  );
}

/** 422 without a field, e.g. a JSON patch `test` operation that failed. */
export function unprocessable(message: string): KubeStatusError {
  return new KubeStatusError(422, 'Invalid', message);
}

export function unauthorized(): KubeStatusError {
  return new KubeStatusError(401, 'Unauthorized', 'Unauthorized');
}

export function forbidden(
  gr: GroupResource,
  user: string,
  verb: string,
  namespace: string | undefined,
  name?: string,
): KubeStatusError {
  const subject = name ? `${qualified(gr)} "${name}"` : qualified(gr);
  const scope = namespace
    ? `in the namespace "${namespace}"`
    : 'at the cluster scope';
  return new KubeStatusError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${user}" cannot ${verb} resource "${gr.resource}" in API group "${gr.group}" ${scope}`,
    detailsOf(gr, name),
  );
}

export function methodNotAllowed(): KubeStatusError {
  return new KubeStatusError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

export function unsupportedMediaType(accepted: string[]): KubeStatusError {
  return new KubeStatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
      ', ',
    )}`,
  );
}

export function notAcceptable(accepted: string[]): KubeStatusError {
  return new KubeStatusError(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );
}

/** 410 for a watch or an exact list from a resourceVersion older than the history kept. */
export function expired(
  message: string,
  continueToken?: string,
): KubeStatusError {
  return new KubeStatusError(410, 'Expired', message, undefined, {
    statusMetadata: continueToken ? { continue: continueToken } : undefined,
  });
}

export function internalError(message: string): KubeStatusError {
  return new KubeStatusError(
    500,
    'InternalError',
    `Internal error occurred: ${message}`,
    { causes: [{ message }] },
  );
}

/** An injected server-side failure (500 / 503 / 429 ...). */
export function injectedFailure(
  code: number,
  retryAfterSeconds?: number,
): KubeStatusError {
  switch (code) {
    case 429:
      return new KubeStatusError(
        429,
        'TooManyRequests',
        'Too many requests, please try again later.',
        { retryAfterSeconds: retryAfterSeconds ?? 1 },
        { retryAfterSeconds: retryAfterSeconds ?? 1 },
      );
    case 503:
      return new KubeStatusError(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
        retryAfterSeconds ? { retryAfterSeconds } : {},
        { retryAfterSeconds },
      );
    case 504:
      return new KubeStatusError(
        504,
        'Timeout',
        'the server was unable to return a response in the time allotted, but may still be processing the request',
        {},
      );
    default:
      return new KubeStatusError(
        code,
        'InternalError',
        'Internal error occurred: injected failure',
        { causes: [{ message: 'injected failure' }] },
        { retryAfterSeconds },
      );
  }
}

export function tooLargeResourceVersion(
  requested: number,
  current: number,
): KubeStatusError {
  return new KubeStatusError(
    504,
    'Timeout',
    `Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [
        {
          reason: 'ResourceVersionTooLarge',
          message: 'Too large resource version',
        },
      ],
      retryAfterSeconds: 1,
    },
    { retryAfterSeconds: 1 },
  );
}
