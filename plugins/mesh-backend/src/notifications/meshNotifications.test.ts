import { FleetFinding } from '@meshwise/plugin-mesh-common';
import { meshNotifications, meshTabLink } from './meshNotifications';
import { NotificationSettings } from './readNotificationSettings';

const settings = (
  overrides: {
    owners?: Partial<NotificationSettings['owners']>;
    admins?: Partial<NotificationSettings['admins']>;
  } = {},
): NotificationSettings => ({
  enabled: true,
  interval: { minutes: 5 },
  skipExistingAtFirstRun: false,
  owners: {
    certificateExpiring: true,
    certificateFailed: true,
    errorFindings: true,
    ...overrides.owners,
  },
  admins: {
    recipients: ['group:default/mesh-admins'],
    revisionWithoutControlPlane: true,
    expiredGatewayCertificate: true,
    ...overrides.admins,
  },
});

const finding = (
  code: FleetFinding['code'],
  severity: FleetFinding['severity'],
  entityRefs: string[] = ['component:default/checkout'],
): FleetFinding => ({
  id: `${code}|demo|x`,
  code,
  severity,
  cluster: 'demo',
  objects: [],
  message: `${code} message`,
  remediation: 'fix it',
  reference: { title: 'ref', url: 'https://example.org' },
  entityRefs,
});

const owners = new Map([
  ['component:default/checkout', 'group:default/payments'],
  ['component:default/productpage', 'group:default/storefront'],
]);
const ownerOf = (e: string) => owners.get(e);

describe('meshNotifications', () => {
  it("tells the owning team of a certificate entering the expiry window, linking to the entity's Mesh tab", () => {
    const [n] = meshNotifications(
      [finding('MW303', 'warning')],
      ownerOf,
      settings(),
    );
    expect(n).toEqual({
      key: 'owner|MW303|demo|x|warning|component:default/checkout',
      code: 'MW303',
      recipients: ['group:default/payments'],
      title: 'Certificate expiring soon: component:default/checkout',
      description: 'MW303 in cluster demo: MW303 message',
      link: '/catalog/default/component/checkout/mesh',
      severity: 'high',
    });
  });

  it('tells the team again, critically, when the certificate has expired; the admins hear of it too', () => {
    const sent = meshNotifications(
      [finding('MW303', 'error')],
      ownerOf,
      settings(),
    );
    expect(sent.map(n => [n.recipients, n.severity, n.title])).toEqual([
      [
        ['group:default/payments'],
        'critical',
        'Certificate expired: component:default/checkout',
      ],
      [
        ['group:default/mesh-admins'],
        'critical',
        'Gateway certificate expired (cluster demo)',
      ],
    ]);
    // Not the same key as the expiring one: it is news.
    expect(sent[0].key).toBe(
      'owner|MW303|demo|x|error|component:default/checkout',
    );
    expect(sent[1].link).toBe('/mesh?tab=findings&code=MW303&cluster=demo');
  });

  it('maps a failing certificate and other error findings to the owners, one per entity', () => {
    const sent = meshNotifications(
      [
        finding('MW302', 'error'),
        finding('MW201', 'error', [
          'component:default/checkout',
          'component:default/productpage',
        ]),
        // Not an error: no notification.
        finding('MW105', 'warning'),
      ],
      ownerOf,
      settings(),
    );
    expect(sent.map(n => [n.code, n.recipients[0], n.severity])).toEqual([
      ['MW302', 'group:default/payments', 'high'],
      ['MW201', 'group:default/payments', 'high'],
      ['MW201', 'group:default/storefront', 'high'],
    ]);
    expect(sent[1].title).toMatch(/^New error: /);
  });

  it('skips an entity without an owner', () => {
    expect(
      meshNotifications(
        [finding('MW302', 'error', ['component:default/orphan'])],
        ownerOf,
        settings(),
      ),
    ).toEqual([]);
  });

  it('tells the mesh admins of a namespace on a revision with no control plane', () => {
    const sent = meshNotifications(
      [finding('MW104', 'error', [])],
      ownerOf,
      settings(),
    );
    expect(sent).toEqual([
      expect.objectContaining({
        key: 'admin|MW104|demo|x|error',
        recipients: ['group:default/mesh-admins'],
        severity: 'critical',
        link: '/mesh?tab=findings&code=MW104&cluster=demo',
      }),
    ]);
  });

  it('sends nothing that is switched off', () => {
    const off = settings({
      owners: {
        certificateExpiring: false,
        certificateFailed: false,
        errorFindings: false,
      },
      admins: {
        revisionWithoutControlPlane: false,
        expiredGatewayCertificate: false,
      },
    });
    expect(
      meshNotifications(
        [
          finding('MW303', 'error'),
          finding('MW302', 'error'),
          finding('MW201', 'error'),
          finding('MW104', 'error'),
        ],
        ownerOf,
        off,
      ),
    ).toEqual([]);
    // No admins configured: no admin notifications.
    expect(
      meshNotifications(
        [finding('MW104', 'error', [])],
        ownerOf,
        settings({ admins: { recipients: [] } }),
      ),
    ).toEqual([]);
  });

  it('builds the Mesh tab link from the entity ref, encoded', () => {
    expect(meshTabLink('Component:team-a/my service')).toBe(
      '/catalog/team-a/component/my%20service/mesh',
    );
  });
});
