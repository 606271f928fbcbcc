import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMeshActions } from './actions/createMeshActions';
import { createPublisherAction } from './actions/createPublisherAction';
import { testOptions } from './__testUtils__/meshTestHarness';

// The templates live at the repository root; they must only use mesh:* actions
// and inputs that exist, and the catalog Location must list every template.
const templatesDir = path.resolve(__dirname, '../../../templates');

const actions = new Map(
  [
    ...createMeshActions(testOptions()),
    createPublisherAction({
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      registeredActions: { ids: async () => new Set() },
    }),
  ].map(a => [a.id, a] as const),
);

async function templateFiles(): Promise<string[]> {
  const entries = await fs.readdir(templatesDir, { withFileTypes: true });
  return entries
    .filter(e => e.isDirectory())
    .map(e => path.join(e.name, 'template.yaml'))
    .sort();
}

describe('templates', () => {
  it('are all listed in the catalog Location', async () => {
    const location = parse(
      await fs.readFile(path.join(templatesDir, 'catalog-info.yaml'), 'utf8'),
    );
    expect(location.kind).toBe('Location');
    expect(
      [...location.spec.targets]
        .map((t: string) => t.replace(/^\.\//, ''))
        .sort(),
    ).toEqual(await templateFiles());
  });

  it.each([
    ['team-ingress'],
    ['team-authorization-policy'],
    ['mesh-admin-policies'],
    ['namespace-revision'],
    ['eck-in-mesh'],
  ])(
    '%s uses existing actions with known inputs and publishes only through the step mesh:publisher:resolve chose',
    async dir => {
      const template = parse(
        await fs.readFile(
          path.join(templatesDir, dir, 'template.yaml'),
          'utf8',
        ),
      );
      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      expect(template.kind).toBe('Template');
      const steps: Array<{
        id: string;
        name: string;
        action: string;
        if?: string;
        input: Record<string, unknown>;
      }> = template.spec.steps;
      const meshSteps = steps.filter(s => s.action.startsWith('mesh:'));
      expect(meshSteps.length).toBeGreaterThan(1);
      for (const step of meshSteps) {
        expect([...actions.keys()]).toContain(step.action);
        const action = actions.get(step.action);
        const known = Object.keys(
          (action!.schema!.input as { properties: object }).properties,
        );
        for (const key of Object.keys(step.input)) {
          expect(known).toContain(key);
        }
        const required =
          (action!.schema!.input as { required?: string[] }).required ?? [];
        for (const key of required) {
          expect(Object.keys(step.input)).toContain(key);
        }
      }

      // The run log names steps: each id and each name once.
      expect(new Set(steps.map(s => s.id)).size).toBe(steps.length);
      expect(new Set(steps.map(s => s.name)).size).toBe(steps.length);

      // The host of the repository decides the publisher; no separate
      // provider field can ask for a step whose action the portal lacks.
      const properties = template.spec.parameters.flatMap(
        (page: { properties?: object }) => Object.keys(page.properties ?? {}),
      );
      expect(properties).not.toContain('provider');
      const resolve = steps.findIndex(
        s => s.action === 'mesh:publisher:resolve',
      );
      expect(steps[resolve]?.input).toMatchObject({
        repoUrl: '${{ parameters.repoUrl }}',
      });
      const publishing = steps.filter(s => s.action.startsWith('publish:'));
      expect(
        publishing
          .map(s => [s.action, s.if])
          .sort(([a], [b]) => a!.localeCompare(b!)),
      ).toEqual([
        [
          'publish:github:pull-request',
          `\${{ steps.${steps[resolve].id}.output.publisher == 'github' }}`,
        ],
        [
          'publish:gitlab:merge-request',
          `\${{ steps.${steps[resolve].id}.output.publisher == 'gitlab' }}`,
        ],
      ]);
      // Everything before publishing is dry-run capable, so the template
      // editor shows the manifests and the publisher's decision.
      const firstPublish = steps.findIndex(s =>
        s.action.startsWith('publish:'),
      );
      expect(resolve).toBeLessThan(firstPublish);
      expect(
        steps.slice(firstPublish).every(s => s.action.startsWith('publish:')),
      ).toBe(true);
      for (const step of steps.slice(0, firstPublish)) {
        expect(actions.get(step.action)?.supportsDryRun).toBe(true);
      }
    },
  );

  it('are owned by the group that mesh-admins-group.yaml defines, for catalogs that lack it', async () => {
    const group = parse(
      await fs.readFile(
        path.join(templatesDir, 'mesh-admins-group.yaml'),
        'utf8',
      ),
    );
    const groupRef = `group:${group.metadata.namespace ?? 'default'}/${
      group.metadata.name
    }`;
    expect(group.kind).toBe('Group');
    for (const file of await templateFiles()) {
      const template = parse(
        await fs.readFile(path.join(templatesDir, file), 'utf8'),
      );
      expect([file, template.spec.owner]).toEqual([file, groupRef]);
    }
  });

  it.each([['mesh-admin-policies'], ['namespace-revision']])(
    '%s says in its title and description that it needs a mesh admin',
    async dir => {
      const { metadata } = parse(
        await fs.readFile(
          path.join(templatesDir, dir, 'template.yaml'),
          'utf8',
        ),
      );
      expect(metadata.title).toMatch(/\(needs a mesh admin\)$/);
      expect(metadata.description).toMatch(/^Needs a mesh admin; /);
      expect(metadata.tags).toContain('mesh-admin');
    },
  );
});
