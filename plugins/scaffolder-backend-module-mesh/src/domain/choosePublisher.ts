/** The publishing actions the mesh templates know, by integration type. */
export const PUBLISH_ACTIONS = {
  github: {
    action: 'publish:github:pull-request',
    module: '@backstage/plugin-scaffolder-backend-module-github',
  },
  gitlab: {
    action: 'publish:gitlab:merge-request',
    module: '@backstage/plugin-scaffolder-backend-module-gitlab',
  },
} as const;

export type Publisher = keyof typeof PUBLISH_ACTIONS;

export interface PublisherFacts {
  /** The repository host, e.g. `github.com`. */
  host: string;
  /** The type of the `integrations` entry for the host (`github`, `gitlab`, `bitbucketCloud`…), if any. */
  integrationType?: string;
  /** Action ids this portal's scaffolder has registered. */
  registeredActions: ReadonlySet<string>;
  isDryRun: boolean;
}

/**
 * `publish`: run that publisher's step. `skip`: a dry run in a portal that
 * cannot publish there; the manifests are the result. `refuse`: a real run
 * that could not publish, said before any publishing step is tried.
 */
export type PublisherChoice =
  | { outcome: 'publish'; publisher: Publisher; action: string }
  | { outcome: 'skip'; reason: string }
  | { outcome: 'refuse'; reason: string };

function isPublisher(type: string | undefined): type is Publisher {
  return type === 'github' || type === 'gitlab';
}

/**
 * Which publishing step of a mesh template may run for a repository: the one
 * matching the host's integration type, and only if this portal registered
 * its action. Choosing from the host (not from a separate form field) keeps
 * a GitLab step from being attempted against a GitHub host and the reverse;
 * checking the registration turns the scaffolder's "action is not
 * registered" into a reason that says which module the portal lacks.
 */
export function choosePublisher(facts: PublisherFacts): PublisherChoice {
  const { host, integrationType } = facts;
  let reason: string;
  if (!integrationType) {
    reason = `${host} has no entry in this portal's integrations config, so nothing can be published there`;
  } else if (!isPublisher(integrationType)) {
    reason = `${host} is a ${integrationType} host; the mesh templates open pull requests on GitHub or merge requests on GitLab only`;
  } else {
    const { action, module } = PUBLISH_ACTIONS[integrationType];
    if (facts.registeredActions.has(action)) {
      return { outcome: 'publish', publisher: integrationType, action };
    }
    reason = `publishing to ${host} needs the scaffolder action ${action}, which this portal does not register (its backend does not add ${module})`;
  }
  return facts.isDryRun
    ? {
        outcome: 'skip',
        reason: `${reason}; this dry run skips publishing, and a real run would stop here`,
      }
    : { outcome: 'refuse', reason: `${reason}; nothing was published` };
}
