import { createHash } from 'crypto';
import express from 'express';
import { GzipByEtag } from './GzipByEtag';

/** Smaller answers are sent as they are (the compression middleware's threshold). */
const GZIP_MIN_BYTES = 1024;

/**
 * Sends a JSON answer with its ETag: 304 to a matching `If-None-Match`
 * (express), gzipped from `gzipped` (once per ETag) to a client that accepts
 * gzip, else as it is. With the encoding set, the compression middleware
 * leaves the answer alone.
 */
export function sendJsonBody(
  req: express.Request,
  res: express.Response,
  answer: { body: Buffer; etag: string },
  gzipped: GzipByEtag,
): void {
  const { body, etag } = answer;
  res.setHeader('ETag', etag);
  res.type('application/json');
  if (
    !req.fresh &&
    body.length >= GZIP_MIN_BYTES &&
    req.acceptsEncodings('gzip') === 'gzip'
  ) {
    res.vary('Accept-Encoding');
    res.setHeader('Content-Encoding', 'gzip');
    res.send(gzipped.gzip(etag, body));
    return;
  }
  res.send(body);
}

/**
 * A value serialised once, with an ETag of its content (as express makes
 * one), so that an unchanged page polled by many clients is compressed once.
 */
export function jsonBodyOf(value: unknown): { body: Buffer; etag: string } {
  const body = Buffer.from(JSON.stringify(value));
  const hash = createHash('sha1').update(body).digest('base64url');
  return { body, etag: `W/"${body.length.toString(16)}-${hash}"` };
}
