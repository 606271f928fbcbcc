import { Finding } from '@meshwise/plugin-mesh-common';
import { FindingSuppressions } from './FindingSuppressions';

const finding = (
  code: Finding['code'],
  objects: Finding['objects'],
  cluster = 'prod',
): Finding => ({
  id: `${code}:${objects.map(o => o.name).join()}`,
  code,
  severity: 'warning',
  cluster,
  objects,
  message: '',
  remediation: '',
  reference: { title: 't', url: 'https://example.com' },
});
const deploy = (namespace: string, name: string) => ({
  cluster: 'prod',
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace,
  name,
});
const ns = (name: string) => ({
  cluster: 'prod',
  apiVersion: 'v1',
  kind: 'Namespace',
  name,
});

describe('FindingSuppressions', () => {
  it('suppresses a finding only when every field of a rule matches', () => {
    const suppressions = FindingSuppressions.create([
      { code: 'MW4*', namespace: 'legacy-*' },
      { object: 'Namespace/kube-?ystem' },
      { cluster: 'lab' },
    ]);
    expect(
      suppressions.isSuppressed(
        finding('MW401', [deploy('legacy-billing', 'x')]),
      ),
    ).toBe(true);
    expect(
      suppressions.isSuppressed(
        finding('MW301', [deploy('legacy-billing', 'x')]),
      ),
    ).toBe(false);
    expect(
      suppressions.isSuppressed(finding('MW401', [deploy('shop', 'x')])),
    ).toBe(false);
    expect(
      suppressions.isSuppressed(finding('MW101', [ns('kube-system')])),
    ).toBe(true);
    expect(
      suppressions.isSuppressed(finding('MW101', [ns('kube-system-2')])),
    ).toBe(false);
    expect(suppressions.isSuppressed(finding('MW101', [ns('a')], 'lab'))).toBe(
      true,
    );
  });

  it('treats glob characters only as globs (dots are literal)', () => {
    const suppressions = FindingSuppressions.create([
      { object: 'Deployment/a.b/*' },
    ]);
    expect(
      suppressions.isSuppressed(finding('MW102', [deploy('a.b', 'web')])),
    ).toBe(true);
    expect(
      suppressions.isSuppressed(finding('MW102', [deploy('axb', 'web')])),
    ).toBe(false);
  });

  it('ignores rules without any matching field instead of suppressing everything', () => {
    const suppressions = FindingSuppressions.create([{ reason: 'no fields' }]);
    const all = [finding('MW101', [ns('a')])];
    expect(suppressions.filter(all)).toEqual(all);
  });

  it('drops suppressed findings from a status and keeps the rest of it', () => {
    const kept = finding('MW102', [deploy('shop', 'web')]);
    const status = {
      cluster: 'prod',
      workloads: ['web'],
      findings: [finding('MW401', [deploy('shop', 'web')]), kept],
    };
    expect(
      FindingSuppressions.create([{ code: 'MW401' }]).filterStatus(status),
    ).toEqual({ cluster: 'prod', workloads: ['web'], findings: [kept] });
    // Without rules, the status itself.
    expect(FindingSuppressions.create([]).filterStatus(status)).toBe(status);
  });
});
