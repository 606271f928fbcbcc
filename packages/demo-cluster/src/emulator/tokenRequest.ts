import { createHmac, randomUUID } from 'node:crypto';
import { badRequest, invalid } from './KubeStatusError';
import { isPlainObject } from './mergePatch';
import { KubeObject } from './types';

export const DEFAULT_TOKEN_AUDIENCE =
  'https://kubernetes.default.svc.cluster.local';

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Issues a bound service-account token for `serviceaccounts/{name}/token`. The JWT has
 * the claims of a real projected token but is signed HS256 with the emulator's own
 * secret (the real server uses its RS256 service-account key), so only the emulator
 * can check it.
 */
export function issueServiceAccountToken(
  secret: Buffer,
  serviceAccount: KubeObject,
  body: unknown,
  now: Date,
): {
  tokenRequest: KubeObject;
  token: string;
  username: string;
  expiresAt: number;
} {
  if (!isPlainObject(body))
    throw badRequest('the request body must be a TokenRequest');
  const spec = isPlainObject(body.spec) ? body.spec : {};
  const audiences =
    Array.isArray(spec.audiences) && spec.audiences.length > 0
      ? (spec.audiences as string[])
      : [DEFAULT_TOKEN_AUDIENCE];
  const expirationSeconds =
    typeof spec.expirationSeconds === 'number' ? spec.expirationSeconds : 3600;
  const name = serviceAccount.metadata.name!;
  const namespace = serviceAccount.metadata.namespace!;
  if (expirationSeconds < 600) {
    throw invalid('TokenRequest', 'authentication.k8s.io', name, [
      {
        field: 'spec.expirationSeconds',
        message:
          'Invalid value: may not specify a duration less than 10 minutes',
      },
    ]);
  }
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + expirationSeconds;
  const username = `system:serviceaccount:${namespace}:${name}`;
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(
    JSON.stringify({
      aud: audiences,
      exp,
      iat,
      iss: DEFAULT_TOKEN_AUDIENCE,
      jti: randomUUID(),
      'kubernetes.io': {
        namespace,
        serviceaccount: { name, uid: serviceAccount.metadata.uid },
      },
      nbf: iat,
      sub: username,
    }),
  );
  const signature = createHmac('sha256', secret)
    .update(`${header}.${payload}`)
    .digest('base64url');
  const token = `${header}.${payload}.${signature}`;
  const tokenRequest: KubeObject = {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: {
      name,
      namespace,
      creationTimestamp: `${now.toISOString().slice(0, 19)}Z`,
    },
    spec: {
      audiences,
      expirationSeconds,
      boundObjectRef: isPlainObject(spec.boundObjectRef)
        ? spec.boundObjectRef
        : null,
    },
    status: {
      token,
      expirationTimestamp: `${new Date(exp * 1000)
        .toISOString()
        .slice(0, 19)}Z`,
    },
  };
  return { tokenRequest, token, username, expiresAt: exp * 1000 };
}
