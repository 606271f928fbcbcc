import fc from 'fast-check';
import { parse, parseDocument, Scalar, visit } from 'yaml';
import { buildAuthorizationPolicy } from '../builders/buildAuthorizationPolicy';
import { buildNamespace } from '../builders/buildNamespace';
import { readsAsNonString, serializeManifest } from './serializeManifest';

const pick = (...values: string[]) => fc.constantFrom(...values);
const from = (chars: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });
const joined = (...parts: fc.Arbitrary<string>[]) =>
  fc.tuple(...parts).map(p => p.join(''));
const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: '' });

// The shapes YAML 1.1 or 1.2 resolve to something other than a string, built
// from their parts so that near misses ("0o8", "1:2:", "2001-1-1 1:2") are
// generated as often as hits.
const sign = pick('', '', '+', '-');
const decimal = from('0123456789', 1, 4);
const words = fc.mixedCase(
  pick(
    'y',
    'n',
    'yes',
    'no',
    'true',
    'false',
    'on',
    'off',
    'null',
    '~',
    '.inf',
    '.nan',
    '<<',
    '=',
  ),
);
const integer = joined(
  sign,
  pick('', '0', '0b', '0o', '0x', '0B', '0O', '0X'),
  from('0123456789abcdefABCDEF_', 1, 6),
);
const float = joined(
  sign,
  optional(from('0123456789_', 1, 4)),
  pick('.', '.', ''),
  optional(from('0123456789_', 1, 4)),
  optional(joined(pick('e', 'E'), pick('', '+', '-'), decimal)),
);
const sexagesimal = joined(
  sign,
  decimal,
  fc
    .array(joined(pick(':'), from('0123456789_', 1, 2)), {
      minLength: 1,
      maxLength: 3,
    })
    .map(p => p.join('')),
  optional(joined(pick('.'), decimal)),
);
const timestamp = joined(
  from('0123456789', 4, 4),
  pick('-'),
  from('0123456789', 1, 2),
  pick('-'),
  from('0123456789', 1, 2),
  optional(
    joined(
      pick('T', 't', ' ', '  '),
      from('0123456789', 1, 2),
      pick(':'),
      from('0123456789', 2, 2),
      pick(':'),
      from('0123456789', 2, 2),
      optional(joined(pick('.'), decimal)),
      pick('', 'Z', ' Z', '+01', '-05:00', ' -5'),
    ),
  ),
);
const indicators = pick(
  '',
  ' ',
  '- a',
  ': b',
  'a: b',
  'a #c',
  '#c',
  '"q"',
  "'s'",
  '{a: 1}',
  '[1]',
  '!!str x',
  '!tag x',
  '&a',
  '*a',
  '|',
  '>',
  '? x',
  '%YAML 1.1',
  '---',
  '...',
  '@x',
  '`x',
);
const dangerous = fc.oneof(
  words,
  integer,
  float,
  sexagesimal,
  timestamp,
  indicators,
);
/** Blanks, line breaks of either version, a byte order mark. */
const padding = pick(
  '',
  '',
  ' ',
  '\t',
  '\n',
  ' \n',
  '\r',
  '\r\n',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
);
/** Dangerous shapes, sometimes padded or cut into free text. */
const text = fc.oneof(
  { weight: 6, arbitrary: dangerous },
  { weight: 2, arbitrary: joined(padding, dangerous, padding) },
  {
    weight: 1,
    arbitrary: joined(dangerous, padding, pick(' ', ', '), dangerous),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
);
const strings = fc.array(text, { minLength: 1, maxLength: 4 });
const stringMap = fc
  .array(fc.tuple(text, text), { minLength: 1, maxLength: 4 })
  .map(entries => Object.fromEntries(entries) as Record<string, string>);

/** Plain objects as Maps, as `parse(…, { mapAsMap: true })` reads them. */
function asMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asMaps);
  if (typeof value === 'object' && value !== null) {
    return new Map(Object.entries(value).map(([k, v]) => [k, asMaps(v)]));
  }
  return value;
}

describe('serializeManifest', () => {
  it.each([
    '0o777',
    'yes',
    'on',
    'Off',
    'y',
    '0777',
    '1e3',
    '.inf',
    '~',
    'null',
    '0x1F',
    '0b101',
    '1_000',
    '12:30',
    '190:20:30.15',
    '2001-12-14',
    '2001-12-14 21:59:43.10 -5',
    '443',
    '8.17.0',
    '=',
    '',
    'a\nb',
    ' \n',
    'a\u2028b',
  ])(
    'double-quotes %j as a key, a value and a list item (not a string to YAML 1.1 or 1.2, or a line break)',
    value => {
      const manifest = buildAuthorizationPolicy({
        name: 'p',
        namespace: 'ns',
        action: 'ALLOW',
        selector: { [value]: value },
        rules: [{ to: { paths: [value] } }],
      });
      const written = parseDocument(serializeManifest(manifest));
      // As the selector's key and value and as a path: three times, quoted.
      const styles: unknown[] = [];
      visit(written, {
        Scalar(_key, node) {
          if (node.value === value) styles.push(node.type);
        },
      });
      expect(styles).toEqual([
        Scalar.QUOTE_DOUBLE,
        Scalar.QUOTE_DOUBLE,
        Scalar.QUOTE_DOUBLE,
      ]);
    },
  );

  it('quotes "<<" as a key, which YAML 1.1 reads as a merge key', () => {
    expect(readsAsNonString('<<', true)).toBe(true);
    const manifest = buildNamespace('ns', { mode: 'sidecar' });
    manifest.metadata.labels['<<'] = 'x';
    expect(serializeManifest(manifest)).toContain('"<<": x');
  });

  it('leaves plain words, hosts and paths unquoted', () => {
    for (const value of [
      'bookinfo',
      'productpage.bookinfo.appk8s.com',
      '/api/v1/*',
      'cluster.local/ns/bookinfo/sa/reviews',
      'ALLOW',
    ]) {
      expect(readsAsNonString(value)).toBe(false);
      expect(readsAsNonString(value, true)).toBe(false);
    }
  });

  it('gives every string back unchanged to YAML 1.1 and YAML 1.2 readers (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: text,
          namespace: text,
          selector: stringMap,
          labels: stringMap,
          annotations: stringMap,
          paths: strings,
          methods: strings,
          principals: strings,
          claim: strings,
          claimValues: strings,
        }),
        input => {
          const manifest = buildAuthorizationPolicy({
            name: input.name,
            namespace: input.namespace,
            action: 'ALLOW',
            selector: input.selector,
            rules: [
              {
                from: { principals: input.principals },
                to: { methods: input.methods, paths: input.paths },
                jwtClaims: [{ claim: input.claim, values: input.claimValues }],
              },
            ],
          });
          manifest.metadata!.labels = {
            ...manifest.metadata!.labels,
            ...input.labels,
          };
          manifest.metadata!.annotations = input.annotations;
          const written = serializeManifest(manifest);
          // NEL, LS and PS break lines for YAML 1.1 readers (not for this
          // package's): they must only appear escaped.
          expect(written).not.toMatch(/[\u0085\u2028\u2029]/);
          // Exactly the manifest, read as Maps so that a key read as a
          // number or bool cannot pass for the string it was.
          const expected = asMaps(manifest);
          for (const version of ['1.1', '1.2'] as const) {
            expect(parse(written, { version, mapAsMap: true })).toStrictEqual(
              expected,
            );
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
