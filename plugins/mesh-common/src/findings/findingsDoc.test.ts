import fs from 'fs';
import path from 'path';
import { FINDING_CATALOGUE, FINDING_CODES } from './findingCatalogue';
import { renderFindingsDoc } from './findingsDoc';
import { ISTIO_MESSAGES, KIALI_CODES, UpstreamCode } from './upstreamCodes';

const DOC = path.resolve(__dirname, '../../../../docs/findings.md');

const coveredBy = (codes: readonly UpstreamCode[], code: string) => {
  const row = codes.find(c => c.code === code);
  return row && 'covered' in row.coverage ? row.coverage.covered : [];
};

describe('docs/findings.md', () => {
  it('is what npm run docs:findings generates from the catalogue', () => {
    // If this fails, run `npm run docs:findings` and commit docs/findings.md.
    expect(fs.readFileSync(DOC, 'utf8')).toBe(renderFindingsDoc());
  });

  it('is Markdown as the repository formats it (a bare * in a cell is not)', () => {
    // The generator aligns tables itself; text in cells must not need escaping.
    // The repository's formatter, as the root's `prettier:check` runs it on docs/.
    // eslint-disable-next-line @backstage/no-undeclared-imports
    const prettier = require('prettier');
    const options = require('@backstage/cli/config/prettier');
    expect(
      prettier.check(renderFindingsDoc(), { ...options, parser: 'markdown' }),
    ).toBe(true);
  });
});

describe('the upstream code tables', () => {
  it.each([
    ['istioctl', ISTIO_MESSAGES, /^IST\d{4}$/],
    ['Kiali', KIALI_CODES, /^KIA\d{4}$/],
  ] as const)('list each %s code once, in order', (_name, codes, pattern) => {
    const list = codes.map(c => c.code);
    expect(list.filter(c => !pattern.test(c))).toEqual([]);
    expect(new Set(list).size).toBe(list.length);
    expect(list).toEqual([...list].sort());
  });

  it('name, for every code a finding claims, that finding as covering it', () => {
    const missing: string[] = [];
    for (const code of FINDING_CODES) {
      const d = FINDING_CATALOGUE[code]!;
      if (d.istioCode && !coveredBy(ISTIO_MESSAGES, d.istioCode).includes(code))
        missing.push(`${code} ${d.istioCode}`);
      if (d.kialiCode && !coveredBy(KIALI_CODES, d.kialiCode).includes(code))
        missing.push(`${code} ${d.kialiCode}`);
    }
    expect(missing).toEqual([]);
  });

  it('cover codes only with findings that exist', () => {
    const unknown = [...ISTIO_MESSAGES, ...KIALI_CODES]
      .flatMap(c => ('covered' in c.coverage ? c.coverage.covered : []))
      .filter(code => !FINDING_CATALOGUE[code]);
    expect(unknown).toEqual([]);
  });

  it('give a reason for every code not covered', () => {
    const silent = [...ISTIO_MESSAGES, ...KIALI_CODES].filter(c =>
      'notApplicable' in c.coverage
        ? c.coverage.notApplicable.length < 10
        : 'notYet' in c.coverage && c.coverage.notYet.length < 10,
    );
    expect(silent.map(c => c.code)).toEqual([]);
  });
});
