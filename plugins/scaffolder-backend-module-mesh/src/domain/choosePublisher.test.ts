import { choosePublisher } from './choosePublisher';

const both = new Set([
  'publish:github:pull-request',
  'publish:gitlab:merge-request',
]);

describe('choosePublisher', () => {
  it("publishes with the action of the host's integration type", () => {
    expect(
      choosePublisher({
        host: 'github.com',
        integrationType: 'github',
        registeredActions: both,
        isDryRun: false,
      }),
    ).toEqual({
      outcome: 'publish',
      publisher: 'github',
      action: 'publish:github:pull-request',
    });
    expect(
      choosePublisher({
        host: 'git.acme.io',
        integrationType: 'gitlab',
        registeredActions: both,
        isDryRun: true,
      }),
    ).toEqual({
      outcome: 'publish',
      publisher: 'gitlab',
      action: 'publish:gitlab:merge-request',
    });
  });

  it('refuses a real run when the portal lacks the action, naming the module, and skips it in a dry run', () => {
    const facts = {
      host: 'gitlab.com',
      integrationType: 'gitlab',
      registeredActions: new Set(['publish:github:pull-request']),
    };
    expect(choosePublisher({ ...facts, isDryRun: false })).toEqual({
      outcome: 'refuse',
      reason:
        'publishing to gitlab.com needs the scaffolder action publish:gitlab:merge-request, which this portal does not register (its backend does not add @backstage/plugin-scaffolder-backend-module-gitlab); nothing was published',
    });
    expect(choosePublisher({ ...facts, isDryRun: true })).toEqual({
      outcome: 'skip',
      reason:
        'publishing to gitlab.com needs the scaffolder action publish:gitlab:merge-request, which this portal does not register (its backend does not add @backstage/plugin-scaffolder-backend-module-gitlab); this dry run skips publishing, and a real run would stop here',
    });
  });

  it('refuses hosts of other integration types and hosts without an integration', () => {
    expect(
      choosePublisher({
        host: 'bitbucket.org',
        integrationType: 'bitbucketCloud',
        registeredActions: both,
        isDryRun: false,
      }),
    ).toEqual({
      outcome: 'refuse',
      reason:
        'bitbucket.org is a bitbucketCloud host; the mesh templates open pull requests on GitHub or merge requests on GitLab only; nothing was published',
    });
    expect(
      choosePublisher({
        host: 'git.example.com',
        registeredActions: both,
        isDryRun: false,
      }).outcome,
    ).toBe('refuse');
  });
});
