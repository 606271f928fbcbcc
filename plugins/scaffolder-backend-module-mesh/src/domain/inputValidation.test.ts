import fc from 'fast-check';
import { InputError } from '@backstage/errors';
import {
  assertClaimName,
  assertDnsLabel,
  assertHost,
  assertHttpUrl,
  assertLabels,
  assertObjectName,
  assertPolicyPath,
  assertPrincipal,
  assertStackVersion,
  quote,
} from './inputValidation';

function accepts(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return false;
  }
}

/** What makes a host unsafe as a path segment or YAML scalar; empty when it is safe. */
function unsafeHostTraits(value: string): string[] {
  return [
    ...(/^(\*|(\*\.)?[a-z0-9.-]+)$/.test(value)
      ? []
      : ['characters outside [a-z0-9.-], or a wildcard not leading']),
    ...(value.includes('..') ? ['".."'] : []),
    ...(value.length > 253 ? ['more than 253 characters'] : []),
  ];
}

/** What makes an object name unsafe as a file name; empty when it is safe. */
function unsafeNameTraits(value: string): string[] {
  return [
    ...(value.includes('/') ? ['"/"'] : []),
    ...(value.startsWith('.') ? ['a leading "."'] : []),
  ];
}

describe('input validation', () => {
  it.each([
    ['productpage.bookinfo.appk8s.com', true],
    ['*.appk8s.com', true],
    ['*', true],
    ['appk8s.com', true],
    ['localhost', false],
    ['Shop.appk8s.com', false],
    ['shop.appk8s.com.', false],
    ['shop..appk8s.com', false],
    ['-shop.appk8s.com', false],
    ['a.*.appk8s.com', false],
    ['bookinfo/shop.appk8s.com', false],
    ['10.0.0.1', false],
    ['bücher.appk8s.com', false],
    ['xn--bcher-kva.appk8s.com', true],
    [`${'a'.repeat(64)}.appk8s.com`, false],
  ])('host %j → %s', (host, ok) => {
    expect(accepts(() => assertHost(host, 'host'))).toBe(ok);
  });

  it.each([
    ['bookinfo', true],
    ['1-7-3', true],
    ['Bookinfo', false],
    ['book_info', false],
    ['a'.repeat(64), false],
    ['', false],
  ])('DNS label %j → %s', (value, ok) => {
    expect(accepts(() => assertDnsLabel(value, 'namespace'))).toBe(ok);
  });

  it.each([
    ['cluster.local/ns/bookinfo/sa/bookinfo-reviews', false, true],
    ['cluster.local/ns/bookinfo/sa/*', false, false],
    ['cluster.local/ns/bookinfo/sa/*', true, true],
    ['*', true, true],
    ['a*b', true, false],
    ['cluster.local/ns/Bookinfo/sa/x', false, false],
    ['cluster.local/ns/a/sa/b/extra', false, false],
  ])('principal %j (patterns %s) → %s', (value, allowPatterns, ok) => {
    expect(
      accepts(() =>
        assertPrincipal(value, 'p', {
          trustDomain: 'cluster.local',
          allowPatterns,
        }),
      ),
    ).toBe(ok);
  });

  it('checks label keys and values', () => {
    expect(
      accepts(() =>
        assertLabels(
          { app: 'productpage', 'app.kubernetes.io/name': 'x', version: '' },
          's',
        ),
      ),
    ).toBe(true);
    expect(accepts(() => assertLabels({ 'bad key': 'x' }, 's'))).toBe(false);
    expect(accepts(() => assertLabels({ app: 'a/b' }, 's'))).toBe(false);
    expect(
      accepts(() => assertLabels({ [`${'a'.repeat(64)}`]: 'x' }, 's')),
    ).toBe(false);
  });

  it('checks paths, claims, URLs and versions', () => {
    expect(accepts(() => assertPolicyPath('/api/*', 'p'))).toBe(true);
    expect(accepts(() => assertPolicyPath('*/info', 'p'))).toBe(true);
    expect(accepts(() => assertPolicyPath('api', 'p'))).toBe(false);
    expect(accepts(() => assertPolicyPath('/a/*/b', 'p'))).toBe(false);
    expect(accepts(() => assertClaimName('preferred_username', 'c'))).toBe(
      true,
    );
    expect(accepts(() => assertClaimName('a]b', 'c'))).toBe(false);
    expect(accepts(() => assertHttpUrl('https://idp/certs', 'u'))).toBe(true);
    expect(accepts(() => assertHttpUrl('file:///etc/passwd', 'u'))).toBe(false);
    expect(accepts(() => assertStackVersion('8.17.0', 'v'))).toBe(true);
    expect(accepts(() => assertStackVersion('latest', 'v'))).toBe(false);
  });

  it('bounds echoed input in messages', () => {
    expect(quote('x'.repeat(10_000)).length).toBeLessThan(100);
    expect(quote('a\nb')).toBe('"a\\nb"');
  });

  it('accepts only hosts that are safe as path segments and YAML scalars (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.domain(),
          fc.webUrl(),
        ),
        value => {
          // Rejected values may be anything; accepted ones must be safe.
          const hostAccepted = accepts(() => assertHost(value, 'host'));
          expect(hostAccepted ? unsafeHostTraits(value) : []).toEqual([]);
          const nameAccepted = accepts(() => assertObjectName(value, 'name'));
          expect(nameAccepted ? unsafeNameTraits(value) : []).toEqual([]);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
