import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import fc from 'fast-check';
import request from 'supertest';
import { loadDemoCatalog } from './__testUtils__/demoCatalog';
import { entityRefOfPath } from './router';
import meshPlugin from './index';

jest.setTimeout(120_000);

type Backend = Awaited<ReturnType<typeof startTestBackend>>;

/** Path segments as they are sent: already percent-encoded, or deliberately not. */
const rawSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'a%2Fb',
    'a%2fb',
    '%2F',
    '%2F%2F',
    'component%3Adefault%2Fx',
    'a%3Ab',
    '%3A',
    '..',
    '.',
    '%2E%2E',
    '%252F',
    '%',
    '%zz',
    '%E0%A4%A',
    '%C0%AF',
    '%00',
    '%20',
    '%0A',
    '%20%20',
    'default',
    'component',
    'productpage',
    'Component',
    'x'.repeat(2_000),
    'é',
    encodeURIComponent('服务'),
    encodeURIComponent('💥'),
    '%F0%9F%92%A5',
  ),
  // Any text, encoded the way a client would.
  fc.string({ unit: 'binary', maxLength: 40 }).map(encodeURIComponent),
  // Reference syntax, mixed in.
  fc
    .array(fc.constantFrom('a', 'B', '-', '_', '.', ':', '/', '%2F', '%3A'), {
      maxLength: 8,
    })
    .map(parts => parts.join('')),
  // Very long names.
  fc.integer({ min: 64, max: 8_000 }).map(n => 'n'.repeat(n)),
);

const known = new Set(
  loadDemoCatalog().map(entity => stringifyEntityRef(entity)),
);

/** Whether a 200 is right: the segments, decoded, name an entity the catalog holds. */
function namesKnownEntity(segments: string[]): boolean {
  try {
    const [namespace, kind, name] = segments.map(decodeURIComponent);
    return known.has(entityRefOfPath({ namespace, kind, name }));
  } catch {
    return false;
  }
}

describe('entityRefOfPath', () => {
  it('returns a reference that reads back as the segments asked for, or throws an InputError', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc
        .array(fc.constantFrom('a', 'Z', '-', '.', ':', '/', ' ', '\u00e9'), {
          maxLength: 6,
        })
        .map(parts => parts.join('')),
    );
    fc.assert(
      fc.property(text, text, text, (namespace, kind, name) => {
        const outcome = (() => {
          try {
            return parseEntityRef(entityRefOfPath({ namespace, kind, name }));
          } catch (error) {
            return error instanceof InputError ? 'InputError' : error;
          }
        })();
        const asked = {
          kind: kind.toLowerCase(),
          namespace: namespace.toLowerCase(),
          name: name.toLowerCase(),
        };
        expect([asked, 'InputError']).toContainEqual(outcome);
      }),
      { numRuns: 2_000 },
    );
  });
});

function classOf(status: number): string {
  if (status >= 200 && status < 300) return 'ok';
  if (status >= 400 && status < 500) return 'client error';
  return `status ${status}`;
}

describe('mesh backend routes under fuzzed input', () => {
  let backend: Backend;

  beforeAll(async () => {
    // No cluster: the routes' input handling is what is under test.
    backend = await startTestBackend({
      features: [
        meshPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: loadDemoCatalog() }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it.each([
    ['/entities/default/a%2Fb/x/status', 400],
    ['/entities/a%2Fb/component/x/status', 400],
    ['/entities/default/component/a%2Fb/status', 400],
    ['/entities/default/a%3Ab/x/status', 400],
    ['/entities/default/%20/x/status', 400],
    ['/entities/default/component/no-such-service/status', 404],
    ['/entities/default/component/productpage/status', 200],
  ])('answers %s with %d', async (path, status) => {
    const response = await request(backend.server).get(`/api/mesh${path}`);
    expect({ path, status: response.status }).toEqual({ path, status });
  });

  it('says why a reference is malformed', async () => {
    const response = await request(backend.server).get(
      '/api/mesh/entities/default/a%2Fb/x/status',
    );
    expect(response.body.error).toEqual(
      expect.objectContaining({
        name: 'InputError',
        message:
          'Malformed entity reference in the path: the kind contains ":" or "/"',
      }),
    );
  });

  it('answers every malformed entity reference with 4xx, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(rawSegment, rawSegment, rawSegment),
        async segments => {
          const path = `/api/mesh/entities/${segments.join('/')}/status`;
          const { status } = await request(backend.server).get(path);
          const expected = namesKnownEntity(segments) ? 'ok' : 'client error';
          const actual = classOf(status);
          expect({ path, result: actual }).toEqual({ path, result: expected });
        },
      ),
      { numRuns: 300 },
    );
  });

  const queryKey = fc.constantFrom(
    'cluster',
    'namespace',
    'team',
    'severity',
    'code',
    'search',
    'sort',
    'offset',
    'limit',
    'host',
    'colour',
    'limit[]',
    'host[0]',
    'sort[a]',
    '__proto__',
    'constructor',
  );
  const queryValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(
      '',
      '-1',
      '0',
      '1e9',
      'NaN',
      '9'.repeat(400),
      '-entityRef',
      'error',
      'MW401',
      '*.example.com',
      'x'.repeat(5_000),
    ),
  );

  it('answers the fleet routes with 200 or 400 whatever the query', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/fleet/summary',
          '/fleet/services',
          '/findings',
          '/clusters',
          '/exposure/hosts',
        ),
        fc.array(fc.tuple(queryKey, queryValue), { maxLength: 4 }),
        async (route, pairs) => {
          const query = pairs
            .map(
              ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
            )
            .join('&');
          const path = `/api/mesh${route}${query ? `?${query}` : ''}`;
          const { status } = await request(backend.server).get(path);
          expect({ path, ok: status === 200 || status === 400 }).toEqual({
            path,
            ok: true,
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
