import { createHash } from 'crypto';
import { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * The key under which a caller's access outcomes may be kept, or undefined
 * when they must not be kept (no bearer token, or a principal that is
 * neither a user nor a service).
 *
 * It names the principal and a hash of the very token that was verified:
 * what a permission policy decides may depend on more than the user's
 * reference (the ownership claims in the token, the service's access
 * restrictions, the acting service), and all of that comes from the token.
 * So another user's token, or the same user's next token with other
 * groups, never reads this one's outcomes; the price is one fresh lookup per
 * new token. The hash keeps tokens themselves out of memory dumps of the
 * cache.
 */
export function callerKey(
  credentials: BackstageCredentials,
  authorization: string | undefined,
): string | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string; actor?: { subject: string } }
    | { type: 'service'; subject: string }
    | { type?: undefined };
  let who: string;
  if (principal.type === 'user') {
    who = `user:${principal.userEntityRef}:${principal.actor?.subject ?? ''}`;
  } else if (principal.type === 'service') {
    who = `service:${principal.subject}`;
  } else {
    return undefined;
  }
  const tokenHash = createHash('sha256').update(token).digest('base64url');
  return `${who}\u0000${tokenHash}`;
}
