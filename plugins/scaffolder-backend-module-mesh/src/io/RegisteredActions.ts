import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The action ids this portal's scaffolder has registered. */
export interface RegisteredActions {
  ids(): Promise<ReadonlySet<string>>;
}

/**
 * Reads the registered actions from the scaffolder's own `GET /v2/actions`:
 * a module cannot see the other modules' actions through the extension
 * point, and this list is exactly what the task engine will look steps up in.
 */
export class ScaffolderRegisteredActions implements RegisteredActions {
  static create(options: {
    discovery: DiscoveryService;
    auth: AuthService;
  }): ScaffolderRegisteredActions {
    return new ScaffolderRegisteredActions(options.discovery, options.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async ids(): Promise<ReadonlySet<string>> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    const baseUrl = await this.discovery.getBaseUrl('scaffolder');
    const response = await fetch(`${baseUrl}/v2/actions`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const actions = (await response.json()) as Array<{ id?: unknown }>;
    return new Set(
      actions.flatMap(a => (typeof a.id === 'string' ? [a.id] : [])),
    );
  }
}
