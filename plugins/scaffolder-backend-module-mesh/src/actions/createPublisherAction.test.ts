import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublisherAction } from './createPublisherAction';
import type { RegisteredActions } from '../io/RegisteredActions';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      gitlab: [
        {
          host: 'git.acme.io',
          apiBaseUrl: 'https://git.acme.io/api/v4',
          token: 't',
        },
      ],
    },
  }),
);

async function resolve(
  repoUrl: string,
  registeredActions: RegisteredActions,
  isDryRun = false,
) {
  const action = createPublisherAction({ integrations, registeredActions });
  const ctx = { ...createMockActionContext({ input: { repoUrl } }), isDryRun };
  jest.spyOn(ctx.logger, 'warn');
  await action.handler(ctx as any);
  return ctx;
}

const only = (...ids: string[]): RegisteredActions => ({
  ids: async () => new Set(ids),
});

describe('mesh:publisher:resolve', () => {
  it("outputs the publisher of the host's integration, self-hosted ones included", async () => {
    const ctx = await resolve(
      'git.acme.io?owner=platform&repo=gitops',
      only('publish:gitlab:merge-request'),
    );
    expect(ctx.output).toHaveBeenCalledWith('publisher', 'gitlab');
    expect(ctx.output).toHaveBeenCalledWith('host', 'git.acme.io');
  });

  it('refuses a real run the portal cannot publish, and a host without an integration', async () => {
    await expect(
      resolve('github.com?owner=acme&repo=gitops', only()),
    ).rejects.toThrow(
      'Refused by rule "publisher": publishing to github.com needs the scaffolder action publish:github:pull-request',
    );
    await expect(
      resolve('git.example.com?owner=acme&repo=gitops', only()),
    ).rejects.toThrow(
      'Refused by rule "publisher": git.example.com has no entry in this portal\'s integrations config',
    );
  });

  it('outputs no publisher in a dry run the portal cannot publish, and says why', async () => {
    const ctx = await resolve(
      'github.com?owner=acme&repo=gitops',
      only(),
      true,
    );
    expect(ctx.output).toHaveBeenCalledWith('publisher', '');
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('this dry run skips publishing'),
    );
  });

  it('lets the publishing step speak for itself when the action list cannot be read', async () => {
    const ctx = await resolve('github.com?owner=acme&repo=gitops', {
      ids: async () => {
        throw new Error('503 Service Unavailable');
      },
    });
    expect(ctx.output).toHaveBeenCalledWith('publisher', 'github');
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'could not read the registered scaffolder actions (503 Service Unavailable)',
      ),
    );
  });

  it('refuses a value that is not a repository as bad input', async () => {
    await expect(resolve('[bad?owner=a&repo=b', only())).rejects.toMatchObject({
      name: 'InputError',
      message:
        'Refused by rule "publisher": "[bad?owner=a&repo=b" is not a repository (expected host?owner=…&repo=…)',
    });
  });
});
