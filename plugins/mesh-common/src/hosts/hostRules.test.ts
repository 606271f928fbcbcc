import {
  developerHostProblem,
  developerHostRefusal,
  hostInDomain,
  hostSyntaxProblem,
  isWildcardHost,
  normalizeAllowedDomain,
} from './hostRules';

describe('hostSyntaxProblem', () => {
  it.each([
    ['shop.appk8s.com', true],
    ['*.appk8s.com', true],
    ['*', true],
    ['localhost', false],
    ['Shop.appk8s.com', false],
    ['shop.appk8s.com.', false],
    ['a.*.appk8s.com', false],
    ['10.0.0.1', false],
    ['https://shop.appk8s.com', false],
    ['xn--bcher-kva.appk8s.com', true],
    [`${'a'.repeat(64)}.appk8s.com`, false],
  ])('%j is a host: %s', (host, ok) => {
    expect(hostSyntaxProblem(host) === undefined).toBe(ok);
  });

  it('says what a host looks like', () => {
    expect(hostSyntaxProblem('Shop')).toMatch(
      /fully qualified lower-case DNS name such as "shop.example.com"/,
    );
  });
});

describe('developer host rules', () => {
  const domains = ['appk8s.com'];

  it('passes a name inside an allowed domain, and the domain itself', () => {
    expect(developerHostRefusal('shop.appk8s.com', domains)).toBeUndefined();
    expect(developerHostRefusal('appk8s.com', domains)).toBeUndefined();
  });

  it('refuses wildcards before asking about domains', () => {
    expect(developerHostRefusal('*.appk8s.com', domains)).toEqual({
      rule: 'wildcard-host',
      message:
        'host "*.appk8s.com": wildcard hosts may only be requested by mesh admins',
    });
    expect(isWildcardHost('*')).toBe(true);
  });

  it('compares whole labels, so a look-alike domain is outside', () => {
    expect(hostInDomain('evilappk8s.com', 'appk8s.com')).toBe(false);
    expect(developerHostRefusal('shop.evilappk8s.com', domains)).toEqual({
      rule: 'allowed-domains',
      message:
        'host "shop.evilappk8s.com" is outside the allowed domains (appk8s.com)',
    });
  });

  it('refuses every host when no domain is open (fail closed)', () => {
    expect(developerHostRefusal('shop.appk8s.com', [])?.message).toBe(
      'host "shop.appk8s.com": no domains are open to developers (mesh.scaffolder.allowedDomains is empty)',
    );
  });

  it('reads configured domains the same whatever their spelling', () => {
    expect(
      ['AppK8s.com ', '.appk8s.com', '*.appk8s.com'].map(
        normalizeAllowedDomain,
      ),
    ).toEqual(['appk8s.com', 'appk8s.com', 'appk8s.com']);
  });
});

describe('developerHostProblem', () => {
  it('names the syntax problem before any role rule', () => {
    expect(developerHostProblem('Shop.appk8s.com', ['appk8s.com'])).toBe(
      '"Shop.appk8s.com" is invalid: expected a fully qualified lower-case DNS name such as "shop.example.com" (punycode for international names, optional leading "*." wildcard)',
    );
    expect(developerHostProblem('*.appk8s.com', ['appk8s.com'])).toMatch(
      /wildcard hosts may only be requested by mesh admins/,
    );
    expect(developerHostProblem('shop.appk8s.com', ['appk8s.com'])).toBe(
      undefined,
    );
  });
});
