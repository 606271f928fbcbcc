import { ScenarioObject } from './ScenarioObject';
import { loadDemoScenario } from './loadDemoScenario';
import { CatalogEntity, podsOfEntity, readCatalogFile } from './testUtils';

describe('demo catalog', () => {
  let objects: ScenarioObject[];
  let org: CatalogEntity[];
  let namespaces: CatalogEntity[];
  let components: CatalogEntity[];
  beforeAll(() => {
    objects = loadDemoScenario();
    org = readCatalogFile('org.yaml');
    namespaces = readCatalogFile('namespaces.yaml');
    components = readCatalogFile('components.yaml').filter(
      e => e.kind === 'Component',
    );
  });

  it('maps every Component to at least one pod by its Kubernetes annotations', () => {
    expect(components.length).toBeGreaterThan(10);
    for (const component of components) {
      const pods = podsOfEntity(component.metadata.annotations, objects);
      expect({
        component: component.metadata.name,
        pods: pods.length > 0,
      }).toEqual({
        component: component.metadata.name,
        pods: true,
      });
    }
  });

  it('uses both annotation styles, and one Component spans two namespaces', () => {
    const annotated = (key: string) =>
      components.filter(c => c.metadata.annotations?.[key]);
    expect(annotated('backstage.io/kubernetes-id').length).toBeGreaterThan(0);
    expect(
      annotated('backstage.io/kubernetes-label-selector').length,
    ).toBeGreaterThan(0);
    const spanning = components.filter(c => {
      const nss = new Set(
        podsOfEntity(c.metadata.annotations, objects).map(
          p => p.metadata.namespace,
        ),
      );
      return nss.size > 1;
    });
    expect(spanning.map(c => c.metadata.name)).toEqual(['invoices']);
  });

  it('has one kubernetes-namespace Resource per team namespace, owned by a Group that exists', () => {
    const groups = new Set(
      org.filter(e => e.kind === 'Group').map(g => `group:${g.metadata.name}`),
    );
    const clusterNamespaces = new Set(
      objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name),
    );
    for (const resource of namespaces) {
      expect(resource.kind).toBe('Resource');
      expect(resource.spec!.type).toBe('kubernetes-namespace');
      expect(groups).toContain(resource.spec!.owner);
      expect(clusterNamespaces).toContain(resource.metadata.name);
      expect(
        resource.metadata.annotations!['backstage.io/kubernetes-cluster'],
      ).toBe('demo');
    }
    const withTeamLabel = objects.filter(
      o => o.kind === 'Namespace' && o.metadata.labels?.team,
    );
    for (const ns of withTeamLabel) {
      const resource = namespaces.find(
        r => r.metadata.name === ns.metadata.name,
      );
      expect(resource?.spec!.owner).toBe(`group:${ns.metadata.labels!.team}`);
    }
  });

  it('lets the guest own services through a team, and has a mesh admin', () => {
    const guest = org.find(
      e => e.kind === 'User' && e.metadata.name === 'guest',
    )!;
    const teams: string[] = guest.spec!.memberOf;
    const owned = components.filter(c =>
      teams.some(t => c.spec!.owner === `group:${t}`),
    );
    expect(owned.length).toBeGreaterThan(3);
    const admins = org.find(
      e => e.kind === 'Group' && e.metadata.name === 'mesh-admins',
    )!;
    expect(admins.spec!.members.length).toBeGreaterThan(0);
    const appTeams = org.filter(
      e =>
        e.kind === 'Group' &&
        e.spec!.type === 'team' &&
        e.metadata.name !== 'mesh-admins',
    );
    expect(appTeams.length).toBeGreaterThanOrEqual(2);
  });

  it('gives every Component an owner and system that exist', () => {
    const all = readCatalogFile('components.yaml');
    const systems = new Set(
      all.filter(e => e.kind === 'System').map(s => s.metadata.name),
    );
    const groups = new Set(
      org.filter(e => e.kind === 'Group').map(g => `group:${g.metadata.name}`),
    );
    for (const c of components) {
      expect(c.spec!.type).toBe('service');
      expect(groups).toContain(c.spec!.owner);
      expect(systems).toContain(c.spec!.system);
    }
  });
});
