import { parseLabelSelector, SelectorParseError } from './labelSelector';
import { parseFieldSelector } from './fieldSelector';

describe('parseLabelSelector', () => {
  const labels = {
    app: 'reviews',
    version: 'v2',
    tier: 'backend',
    'istio.io/rev': 'canary',
  };

  it.each([
    ['', true],
    ['app=reviews', true],
    ['app==reviews', true],
    ['app!=reviews', false],
    ['app=ratings', false],
    ['app!=ratings', true],
    ['missing!=x', true],
    ['app in (reviews, ratings)', true],
    ['app in (ratings)', false],
    ['app notin (ratings,details)', true],
    ['app notin (reviews)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['missing', false],
    ['istio.io/rev=canary', true],
    ['app=reviews,version=v2', true],
    ['app=reviews, version=v1', false],
    [' app = reviews , tier in (backend) , !missing ', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(expected);
  });

  it('treats objects without labels like objects without the key', () => {
    expect(parseLabelSelector('app!=x').matches(undefined)).toBe(true);
    expect(parseLabelSelector('app').matches(undefined)).toBe(false);
    expect(parseLabelSelector('app notin (a)').matches({})).toBe(true);
  });

  it('supports the numeric gt/lt operators', () => {
    expect(parseLabelSelector('replicas>2').matches({ replicas: '3' })).toBe(
      true,
    );
    expect(parseLabelSelector('replicas<2').matches({ replicas: '3' })).toBe(
      false,
    );
    expect(parseLabelSelector('replicas>2').matches({ replicas: 'x' })).toBe(
      false,
    );
  });

  it('reports the parsed requirements', () => {
    expect(parseLabelSelector('a=1,b notin (x,y),!c').requirements).toEqual([
      { key: 'a', operator: 'in', values: ['1'] },
      { key: 'b', operator: 'notin', values: ['x', 'y'] },
      { key: 'c', operator: 'doesNotExist' },
    ]);
    expect(parseLabelSelector('').empty).toBe(true);
  });

  it('accepts an empty value, which matches the empty label value', () => {
    expect(parseLabelSelector('app=').matches({ app: '' })).toBe(true);
  });

  it.each([
    'app=(',
    'app in reviews',
    'app in (a',
    '=x',
    'app=a b',
    'a,',
    'bad key!x=1',
    'app=-x',
  ])('rejects %j', selector => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorParseError);
  });

  it('validates keys and values like the real parser', () => {
    expect(() => parseLabelSelector('Bad_Prefix/x=1')).toThrow(/prefix part/);
    expect(() => parseLabelSelector(`a=${'x'.repeat(64)}`)).toThrow(
      /valid label/,
    );
  });
});

describe('parseFieldSelector', () => {
  const fields: Record<string, string> = {
    'metadata.name': 'reviews-v1',
    'metadata.namespace': 'bookinfo',
    'spec.nodeName': '',
  };
  const valueOf = (f: string) => fields[f] ?? '';

  it.each([
    ['', true],
    ['metadata.name=reviews-v1', true],
    ['metadata.name==reviews-v1', true],
    ['metadata.name!=reviews-v1', false],
    ['metadata.namespace=bookinfo,metadata.name!=x', true],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(parseFieldSelector(selector).matches(valueOf)).toBe(expected);
  });

  it('unescapes backslash sequences', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b\\=c\\\\d');
    expect(sel.requirements).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b=c\\d' },
    ]);
  });

  it('rejects terms without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(
      SelectorParseError,
    );
    expect(() => parseFieldSelector('a=b\\x')).toThrow(/escape/);
  });
});
