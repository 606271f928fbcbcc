import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  DispatchStrategy,
  GoogleServiceAccountStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
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

/**
 * Turns a configured cluster into a credential source, with the kubernetes
 * backend's own server-side auth strategies (service account, kubectl proxy,
 * AWS IAM, Azure identity, Google service account), so tokens are obtained
 * and refreshed exactly as the Kubernetes plugin does.
 */
export class ClusterCredentials {
  static create(options: {
    config: RootConfigService;
    logger: LoggerService;
    /** Replaces the strategies (tests, or a portal with custom strategies). */
    strategies?: Record<string, AuthenticationStrategy>;
  }): ClusterCredentials {
    const strategies = options.strategies ?? {
      serviceAccount: new ServiceAccountStrategy(),
      localKubectlProxy: new AnonymousStrategy(),
      aws: new AwsIamStrategy({ config: options.config }),
      azure: new AzureIdentityStrategy(options.logger),
      googleServiceAccount: new GoogleServiceAccountStrategy({
        config: options.config,
      }),
    };
    return new ClusterCredentials(strategies);
  }

  private readonly dispatch: DispatchStrategy;

  private constructor(
    private readonly strategies: Record<string, AuthenticationStrategy>,
  ) {
    this.dispatch = new DispatchStrategy({ authStrategyMap: strategies });
  }

  sourceFor(cluster: ConfiguredCluster): ClusterCredentialSource {
    const provider = cluster.authProvider;
    if (cluster.problem)
      return { kind: 'unsupported', reason: cluster.problem };
    if (CLIENT_SIDE_PROVIDERS.has(provider)) {
      return {
        kind: 'unsupported',
        reason: `authProvider "${provider}" uses the signed-in user's credentials, which a background cache does not have; configure a server-side provider (serviceAccount, aws, azure, googleServiceAccount) for the mesh backend`,
      };
    }
    if (!this.strategies[provider]) {
      return {
        kind: 'unsupported',
        reason: `authProvider "${provider}" is not supported by the mesh backend`,
      };
    }
    const errors = this.dispatch.validateCluster(cluster.details.authMetadata);
    if (errors.length) {
      return {
        kind: 'unsupported',
        reason: errors.map(error => error.message).join('; '),
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
    // Server-side strategies ignore the per-request auth (no user token).
    return {
      kind: 'server',
      credential: () => this.dispatch.getCredential(details, {}),
    };
  }
}
