import fc from 'fast-check';
import { parse } from 'yaml';
import { createMeshActions } from './createMeshActions';
import {
  actionContext,
  createWorkspace,
  filesOutsideWorkspace,
  testOptions,
  TestWorkspace,
  UserName,
} from '../__testUtils__/meshTestHarness';

// Whatever a form (or a crafted API call) sends, an action either writes
// well-formed manifests inside its workspace or refuses with InputError /
// NotAllowedError, writing nothing.

const hostile = fc.constantFrom(
  '../',
  '..',
  '../../etc/passwd',
  'a/../../b',
  '/abs/path',
  'C:\\windows',
  'yes',
  'on',
  'null',
  '~',
  '0755',
  '1e3',
  '!!binary AAAA',
  '{a: 1}',
  '- x',
  '&anchor',
  '*alias',
  '*',
  '*.appk8s.com',
  'ünïcode.appk8s.com',
  'xn--bcher-kva.appk8s.com',
  'bookinfo',
  'istio-system',
  'productpage.bookinfo.appk8s.com',
  'cluster.local/ns/bookinfo/sa/reviews',
  'a.appk8s.com.',
  'A.APPK8S.COM',
  '\u0000',
  'line\nbreak',
  '#comment',
  '{{ nunjucks }}',
  '${{ parameters.x }}',
  '\u202egnp.exe',
  'a'.repeat(70),
  'a'.repeat(5000),
);

const text = fc.oneof(
  { weight: 3, arbitrary: hostile },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.domain().map(d => d.toLowerCase()) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('a', 'b')
      .chain(p => fc.domain().map(d => `${p}.${d.toLowerCase()}.appk8s.com`)),
  },
);
const anything = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly a valid value, sometimes anything: so that whole inputs are valid often enough to be written. */
const mostly = <T>(
  valid: fc.Arbitrary<T>,
  other: fc.Arbitrary<unknown> = text,
) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: other });
const teamHost = fc
  .domain()
  .map(d => `${d.toLowerCase().replace(/^[-.]+/, '')}.appk8s.com`);
const user = fc.constantFrom<UserName>('alice', 'bob', 'root', 'eve');

const inputs: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'mesh:gateway:create': fc.record({
    name: mostly(fc.constantFrom('gw', 'bookinfo-gateway')),
    namespace: mostly(fc.constantFrom('bookinfo', 'shop')),
    hosts: mostly(
      fc.array(mostly(teamHost), { minLength: 1, maxLength: 4 }),
      anything,
    ),
    port: mostly(
      fc.constantFrom(443, 8443),
      fc.oneof(fc.integer({ min: -5, max: 70000 }), anything),
    ),
    tlsMode: mostly(fc.constantFrom('SIMPLE', 'MUTUAL')),
    credentialName: maybe(text),
    service: mostly(
      fc.record({
        name: mostly(fc.constant('productpage')),
        port: mostly(fc.constant(9080), anything),
      }),
      anything,
    ),
    api: maybe(fc.constantFrom('istio', 'gateway-api', 'other')),
    cluster: maybe(text),
  }),
  'mesh:authorization-policy:create': fc.record({
    name: mostly(fc.constant('policy')),
    namespace: mostly(fc.constantFrom('bookinfo', 'shop')),
    selector: maybe(
      fc.oneof(fc.dictionary(text, text, { maxKeys: 3 }), anything),
    ),
    action: maybe(fc.oneof(fc.constantFrom('ALLOW', 'DENY'), text)),
    rules: maybe(
      fc.array(
        fc.record(
          {
            fromNamespaces: fc.array(text, { maxLength: 3 }),
            fromPrincipals: fc.array(text, { maxLength: 3 }),
            requestPrincipals: fc.array(text, { maxLength: 2 }),
            methods: fc.array(fc.oneof(fc.constantFrom('GET', 'POST'), text), {
              maxLength: 3,
            }),
            paths: fc.array(
              fc.oneof(fc.constantFrom('/api/*', '*/x', '/'), text),
              { maxLength: 3 },
            ),
            ports: fc.array(
              fc.oneof(fc.integer({ min: -1, max: 70000 }), anything),
              { maxLength: 2 },
            ),
            jwtClaims: fc.array(
              fc.record({
                claim: fc.oneof(text, fc.array(text, { maxLength: 3 })),
                values: fc.array(text, { maxLength: 3 }),
              }),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
    ),
  }),
  'mesh:certificate:create': fc.record({
    secretName: mostly(fc.constantFrom('bookinfo-cert', 'shop-cert')),
    name: maybe(text),
    hosts: mostly(
      fc.array(mostly(teamHost), { minLength: 1, maxLength: 3 }),
      anything,
    ),
    namespace: maybe(text),
    forNamespace: mostly(fc.constantFrom('bookinfo', 'shop')),
    mutualTls: maybe(mostly(fc.boolean(), anything)),
  }),
  'mesh:namespace:onboard': fc.record({
    namespace: mostly(fc.constantFrom('bookinfo', 'shop')),
    dataPlane: maybe(mostly(fc.constantFrom('sidecar', 'ambient'))),
    revision: maybe(mostly(fc.constantFrom('1-7-3', '1-24-3'))),
    previousRevision: maybe(mostly(fc.constant('1-7-0'))),
  }),
};

/** The error a promise rejects with, or undefined when it resolves. */
async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error | undefined> {
  try {
    await promise;
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

/**
 * How one run broke the contract above: empty when it refused cleanly (an
 * InputError or NotAllowedError with a bounded message, nothing written) or
 * wrote only well-formed manifests and reported exactly those files.
 */
async function contractBreaches(
  error: Error | undefined,
  reportedFiles: unknown,
  workspace: TestWorkspace,
): Promise<string[]> {
  const files = await workspace.files();
  const breaches: string[] = [];
  if (error) {
    if (!['InputError', 'NotAllowedError'].includes(error.name))
      breaches.push(`refused with ${error.name}: ${error.message}`);
    if (error.message.length >= 2000)
      breaches.push(`refusal message of ${error.message.length} characters`);
    if (files.length > 0)
      breaches.push(`refused after writing ${files.join(', ')}`);
    return breaches;
  }
  const reported = [...(reportedFiles as string[])].sort();
  if (JSON.stringify(reported) !== JSON.stringify(files)) {
    breaches.push(
      `reported ${JSON.stringify(reported)} but wrote ${JSON.stringify(files)}`,
    );
  }
  for (const file of files) {
    if (!/^[a-z0-9{}_./-]+\.yaml$/.test(file))
      breaches.push(`unexpected file name ${file}`);
    const manifest = parse(await workspace.read(file));
    if (typeof manifest.metadata.name !== 'string')
      breaches.push(`${file} has no string metadata.name`);
  }
  return breaches;
}

describe('fuzzed action input', () => {
  it.each(Object.keys(inputs))(
    '%s writes valid manifests or refuses cleanly',
    async id => {
      const outcomes = { written: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(inputs[id], user, async (input, who) => {
          const workspace = await createWorkspace();
          try {
            const action = createMeshActions(testOptions()).find(
              a => a.id === id,
            )!;
            const { ctx, outputs } = actionContext(who, input, workspace);
            const error = await rejectionOf(action.handler(ctx as any));
            expect(await filesOutsideWorkspace(workspace)).toEqual([]);
            expect(
              await contractBreaches(error, outputs.files, workspace),
            ).toEqual([]);
            outcomes[error ? 'refused' : 'written']++;
          } finally {
            await workspace.remove();
          }
        }),
        { numRuns: 1500 },
      );
      // The generators must reach both outcomes, or the property proves little.
      expect(outcomes.refused).toBeGreaterThan(0);
      expect(outcomes.written).toBeGreaterThan(0);
    },
    120_000,
  );
});
