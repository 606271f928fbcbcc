import { randomBytes } from 'crypto';

// Counters restart with the process; the boot token keeps ids from repeating.
const BOOT = randomBytes(6).toString('base64url');
let last = 0;

/** An id unique in this process's lifetime and across restarts (what ETags are derived from). */
export function uniqueId(): string {
  return `${BOOT}.${++last}`;
}
