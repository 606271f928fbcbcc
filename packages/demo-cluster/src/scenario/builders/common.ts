import { formatKubeTime, relativeTimeToken } from '../relativeTime';

/**
 * Turns an offset from "now" (milliseconds, negative = in the past) into the
 * string a manifest carries. The demo writes `{{now-3d}}` tokens that the
 * loader resolves; the generator writes absolute timestamps directly.
 */
export type Clock = (offsetMs: number) => string;

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

export const tokenClock: Clock = offsetMs => relativeTimeToken(offsetMs);

export function absoluteClock(nowMs: number): Clock {
  // Scenarios reuse a handful of offsets thousands of times.
  const cache = new Map<number, string>();
  return offsetMs => {
    let value = cache.get(offsetMs);
    if (value === undefined) {
      value = formatKubeTime(nowMs + offsetMs);
      cache.set(offsetMs, value);
    }
    return value;
  };
}

/** 32-bit FNV-1a; enough to derive stable ids and hashes from names. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** `bits` hex digits derived from a key; the same key always gives the same digits. */
export function stableHex(key: string, digits: number): string {
  let out = '';
  let round = 0;
  while (out.length < digits) {
    out += fnv1a(`${round}:${key}`).toString(16).padStart(8, '0');
    round++;
  }
  return out.slice(0, digits);
}

/** A v4-shaped UID that is stable per object, so owner references survive reloads. */
export function stableUid(
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  const hex = stableHex(`${kind}/${namespace ?? ''}/${name}`, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(
    13,
    16,
  )}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The suffix Kubernetes appends to ReplicaSet and Pod names: lower-case
 * alphanumerics without vowels and look-alike digits.
 */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export function kubeNameSuffix(key: string, length: number): string {
  let out = '';
  let round = 0;
  while (out.length < length) {
    let n = fnv1a(`${round}|${key}`);
    for (let i = 0; i < 5 && out.length < length; i++) {
      out += NAME_ALPHABET[n % NAME_ALPHABET.length];
      n = Math.floor(n / NAME_ALPHABET.length);
    }
    round++;
  }
  return out;
}

const digestCache = new Map<string, string>();

/** The `imageID` a kubelet reports for an image: repository plus a (stable, made-up) digest. */
export function imageDigest(image: string): string {
  let digest = digestCache.get(image);
  if (!digest) {
    const repo = image.replace(/:[^/:]+$/, '');
    digest = `${repo}@sha256:${stableHex(image, 64)}`;
    digestCache.set(image, digest);
  }
  return digest;
}

/** Hands out pod and service addresses from fixed ranges, in order, so output is deterministic. */
export class AddressPool {
  private podIndex = 0;
  private serviceIndex = 0;

  nextPodIP(): string {
    const n = this.podIndex++;
    return `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }

  nextServiceIP(): string {
    const n = this.serviceIndex++;
    return `10.96.${(Math.floor(n / 250) % 250) + 1}.${(n % 250) + 2}`;
  }
}
