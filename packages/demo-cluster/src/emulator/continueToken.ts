import { badRequest } from './KubeStatusError';

/**
 * The list continuation token. Like the real server's, it is base64 of a small JSON
 * document with the resourceVersion of the first page and the key to start after;
 * clients must treat it as opaque.
 */
export interface ContinueToken {
  rv: number;
  start: string;
}

export function encodeContinueToken(token: ContinueToken): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: token.start }),
  ).toString('base64');
}

export function decodeContinueToken(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    if (
      parsed?.v === 'meta.k8s.io/v1' &&
      Number.isInteger(parsed.rv) &&
      typeof parsed.start === 'string'
    ) {
      return { rv: parsed.rv, start: parsed.start };
    }
  } catch {
    // fall through
  }
  throw badRequest(`continue key is not valid: ${text}`);
}
