import {
  certificateFindings,
  drillDownSearch,
  findingsOfSeverity,
  servicesInNamespaces,
} from './drillDownLinks';

describe('drill-down links', () => {
  it('open the findings tab filtered to what the figure counts', () => {
    expect(drillDownSearch({}, findingsOfSeverity('error'))).toBe(
      '?severity=error&tab=findings',
    );
    expect(drillDownSearch({}, certificateFindings)).toBe(
      '?code=MW302&code=MW303&tab=findings',
    );
  });

  it('keep the clusters the figures were computed for', () => {
    expect(
      drillDownSearch({ cluster: ['prod'] }, findingsOfSeverity('info')),
    ).toBe('?cluster=prod&severity=info&tab=findings');
  });

  it("let a bar's own cluster win over the scope", () => {
    expect(
      drillDownSearch(
        { cluster: ['demo', 'prod'] },
        servicesInNamespaces('prod', ['shop', 'billing']),
      ),
    ).toBe('?cluster=prod&namespace=shop&namespace=billing');
  });
});
