import {
  ApiHolder,
  DiscoveryApi,
  discoveryApiRef,
  FetchApi,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  HostRulesSettings,
  OwnedNamespaces,
  OwnedServices,
} from '@meshwise/plugin-mesh-common';

/**
 * Reads the mesh backend's /scaffolder routes for the template form. Not an
 * app API of its own: the fields and their validators build one from the
 * app's discovery and fetch APIs, so an adopter registers nothing more than
 * the field extensions.
 */
export class MeshPickerClient {
  static fromApis(apis: ApiHolder): MeshPickerClient {
    const discoveryApi = apis.get(discoveryApiRef);
    const fetchApi = apis.get(fetchApiRef);
    if (!discoveryApi || !fetchApi) {
      throw new Error(
        'the app provides no discovery or fetch API, so the mesh backend cannot be asked',
      );
    }
    return new MeshPickerClient(discoveryApi, fetchApi);
  }

  constructor(
    private readonly discoveryApi: DiscoveryApi,
    private readonly fetchApi: FetchApi,
  ) {}

  namespaces(): Promise<OwnedNamespaces> {
    return this.get('/scaffolder/namespaces');
  }

  services(namespace: string): Promise<OwnedServices> {
    return this.get(
      `/scaffolder/services?${new URLSearchParams({ namespace })}`,
    );
  }

  hostRules(): Promise<HostRulesSettings> {
    return this.get('/scaffolder/host-rules');
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.discoveryApi.getBaseUrl('mesh');
    const response = await this.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}

/** The reason a request failed, for a helper text or a validation error. */
export function reasonOf(error: unknown): string {
  if (error instanceof ResponseError) {
    return error.body?.error?.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
