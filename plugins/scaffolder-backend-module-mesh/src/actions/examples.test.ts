import { parse } from 'yaml';
import { createMeshActions } from './createMeshActions';
import {
  actionContext,
  createWorkspace,
  FakeHostClaims,
  testOptions,
  TestWorkspace,
  UserName,
} from '../__testUtils__/meshTestHarness';

// Every documented example must run as written: team examples as a developer
// of the owning team, admin-only examples as a mesh admin.
const ADMIN_ONLY = new Set([
  'mesh:peer-authentication:create',
  'mesh:request-authentication:create',
  'mesh:namespace:onboard',
]);

const actions = createMeshActions(testOptions());
const cases = actions.flatMap(action =>
  (action.examples ?? []).map(example => ({ id: action.id, example })),
);

describe('action examples', () => {
  let workspace: TestWorkspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(async () => {
    await workspace.remove();
  });

  it('documents at least one example per action', () => {
    expect(actions).toHaveLength(7);
    for (const action of actions) {
      expect(action.examples?.length).toBeGreaterThan(0);
      expect(action.supportsDryRun).toBe(true);
      expect(action.id).toMatch(/^mesh:[a-z-]+:[a-z]+$/);
    }
  });

  it.each(cases.map(c => [c.id, c.example.description, c] as const))(
    '%s: %s',
    async (_id, _description, { id, example }) => {
      const steps = parse(example.example).steps;
      expect(steps[0].action).toBe(id);
      const options = testOptions({ hostClaims: new FakeHostClaims([]) });
      const action = createMeshActions(options).find(a => a.id === id)!;
      const user: UserName = ADMIN_ONLY.has(id) ? 'root' : 'alice';
      const { ctx, outputs } = actionContext(user, steps[0].input, workspace);
      await action.handler(ctx as any);

      const files = await workspace.files();
      expect(files.length).toBeGreaterThan(0);
      expect([...(outputs.files as string[])].sort()).toEqual(files);
      expect(outputs.role).toBe(user === 'root' ? 'mesh-admin' : 'developer');
      expect(outputs.prBody).toContain('### Generated manifests');
      for (const file of files) {
        const manifest = parse(await workspace.read(file));
        // The file is named after the object it holds.
        const prefix = manifest.apiVersion.startsWith(
          'gateway.networking.k8s.io/',
        )
          ? 'gatewayapi-'
          : '';
        expect(file.split('/').pop()).toBe(
          `${prefix}${manifest.kind.toLowerCase()}-${
            manifest.metadata.name
          }.yaml`,
        );
        expect(outputs.prBody).toContain(file);
      }
    },
  );
});
