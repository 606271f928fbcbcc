import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { ConfiguredCluster } from './readClusterConfig';

/** How the background cache authenticates to one cluster, or why it cannot. */
export type ClusterCredentialSource =
  | { kind: 'server'; credential: () => Promise<KubernetesCredential> }
  | { kind: 'unsupported'; reason: string };

/**
 * Auth providers whose credentials come from the signed-in user's browser
 * (the kubernetes plugin's client-side providers). A background cache has no
 * user, so such clusters cannot be read and show as unknown.
 */
const CLIENT_SIDE_PROVIDERS = new Set(['google', 'oidc', 'aks', 'pinniped']);

type KubernetesBackend = typeof import('@backstage/plugin-kubernetes-backend');

// require, not import(): the package is CommonJS, and Jest runs import()
// only with VM modules.
const loadKubernetesBackend = (): KubernetesBackend =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('@backstage/plugin-kubernetes-backend');

/** The server-side providers, and how to build each from the kubernetes backend's strategies. */
const SERVER_SIDE_STRATEGIES: Record<
  string,
  (
    k8s: KubernetesBackend,
    deps: { config: RootConfigService; logger: LoggerService },
  ) => AuthenticationStrategy
> = {
  serviceAccount: k8s => new k8s.ServiceAccountStrategy(),
  localKubectlProxy: k8s => new k8s.AnonymousStrategy(),
  aws: (k8s, { config }) => new k8s.AwsIamStrategy({ config }),
  azure: (k8s, { logger }) => new k8s.AzureIdentityStrategy(logger),
  googleServiceAccount: (k8s, { config }) =>
    new k8s.GoogleServiceAccountStrategy({ config }),
};

/**
 * Turns a configured cluster into a credential source, with the kubernetes
 * backend's own server-side auth strategies (service account, kubectl proxy,
 * AWS IAM, Azure identity, Google service account), so tokens are obtained
 * and refreshed exactly as the Kubernetes plugin does.
 *
 * The kubernetes backend (and with it the AWS, Azure and Google SDKs, some
 * 60 MB) is loaded when a cluster first needs one of its strategies, not
 * before: a configured service account token needs none of it.
 */
export class ClusterCredentials {
  static create(options: {
    config: RootConfigService;
    logger: LoggerService;
    /** Replaces the strategies (tests, or a portal with custom strategies). */
    strategies?: Record<string, AuthenticationStrategy>;
  }): ClusterCredentials {
    const injected = options.strategies;
    if (injected) {
      return new ClusterCredentials(
        Object.keys(injected),
        async provider => injected[provider],
      );
    }
    const loaded = new Map<string, Promise<AuthenticationStrategy>>();
    return new ClusterCredentials(
      Object.keys(SERVER_SIDE_STRATEGIES),
      provider => {
        let strategy = loaded.get(provider);
        if (!strategy) {
          strategy = Promise.resolve().then(() =>
            SERVER_SIDE_STRATEGIES[provider](loadKubernetesBackend(), options),
          );
          loaded.set(provider, strategy);
        }
        return strategy;
      },
    );
  }

  private constructor(
    private readonly providers: readonly string[],
    private readonly strategyFor: (
      provider: string,
    ) => Promise<AuthenticationStrategy>,
  ) {}

  /**
   * The mesh backend's own token (`mesh.clusters`) when it has one for the
   * cluster, whatever the cluster's auth provider; else the cluster's
   * configured server-side auth, as the Kubernetes plugin uses it.
   */
  sourceFor(cluster: ConfiguredCluster): ClusterCredentialSource {
    const provider = cluster.authProvider;
    if (cluster.problem)
      return { kind: 'unsupported', reason: cluster.problem };
    const own = cluster.meshServiceAccountToken;
    if (own) {
      return {
        kind: 'server',
        credential: async () => ({ type: 'bearer token', token: own }),
      };
    }
    if (!provider) {
      return {
        kind: 'unsupported',
        reason: `cluster "${cluster.details.name}" has no authProvider (and no mesh.clusters serviceAccountToken)`,
      };
    }
    if (CLIENT_SIDE_PROVIDERS.has(provider)) {
      return {
        kind: 'unsupported',
        reason: `authProvider "${provider}" uses the signed-in user's credentials, which a background cache does not have; give the mesh backend its own token (mesh.clusters) or configure a server-side provider (serviceAccount, aws, azure, googleServiceAccount)`,
      };
    }
    if (!this.providers.includes(provider)) {
      return {
        kind: 'unsupported',
        reason: `authProvider "${provider}" is not supported by the mesh backend`,
      };
    }
    const details = cluster.details;
    const token = details.authMetadata.serviceAccountToken;
    if (provider === 'serviceAccount' && token) {
      // What ServiceAccountStrategy returns for a configured token, without
      // its dynamic import of @kubernetes/client-node (which it only needs
      // for the in-cluster token file, and which Jest cannot load).
      return {
        kind: 'server',
        credential: async () => ({ type: 'bearer token', token }),
      };
    }
    return {
      kind: 'server',
      credential: async () => {
        const strategy = await this.strategyFor(provider);
        const errors = strategy.validateCluster(details.authMetadata);
        if (errors.length) {
          throw new Error(errors.map(error => error.message).join('; '));
        }
        // Server-side strategies ignore the per-request auth (no user token).
        return strategy.getCredential(details, {});
      },
    };
  }
}
