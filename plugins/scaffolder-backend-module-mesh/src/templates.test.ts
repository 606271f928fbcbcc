import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createMeshActions } from './actions/createMeshActions';
import { testOptions } from './__testUtils__/meshTestHarness';

// The templates live at the repository root; they must only use mesh:* actions
// and inputs that exist, and the catalog Location must list every template.
const templatesDir = path.resolve(__dirname, '../../../templates');

const actions = new Map(createMeshActions(testOptions()).map(a => [a.id, a]));

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
    '%s uses existing actions with known inputs and publishes to GitHub and GitLab',
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
        action: string;
        input: Record<string, unknown>;
      }> = template.spec.steps;
      const meshSteps = steps.filter(s => s.action.startsWith('mesh:'));
      expect(meshSteps.length).toBeGreaterThan(0);
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
      const publishers = steps
        .map(s => s.action)
        .filter(a => a.startsWith('publish:'));
      expect(publishers.sort()).toEqual([
        'publish:github:pull-request',
        'publish:gitlab:merge-request',
      ]);
      // Everything before publishing must be dry-run capable for the template editor.
      const firstPublish = steps.findIndex(s =>
        s.action.startsWith('publish:'),
      );
      for (const step of steps.slice(0, firstPublish)) {
        expect(actions.get(step.action)?.supportsDryRun).toBe(true);
      }
    },
  );
});
