import { randomBytes } from 'crypto';
import { KubeEmulator, startKubeEmulator } from './emulator';
import { DEMO_CLUSTER_NAME } from './scenario/demoExpectations';
import { loadDemoScenario } from './scenario/loadDemoScenario';

/** The running demo cluster: where it listens and the token it accepts. */
export interface DemoCluster {
  clusterName: string;
  url: string;
  token: string;
  emulator: KubeEmulator;
  close(): Promise<void>;
}

/**
 * Starts the Kubernetes API emulator loaded with the demo scenario, with a
 * fresh random bearer token (so only the process that started it can read it).
 */
export async function startDemoCluster(
  options: { host?: string; port?: number; token?: string } = {},
): Promise<DemoCluster> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const emulator = await startKubeEmulator({
    host: options.host,
    port: options.port ?? 0,
    token,
    objects: loadDemoScenario(),
  });
  return {
    clusterName: DEMO_CLUSTER_NAME,
    url: emulator.url,
    token,
    emulator,
    close: () => emulator.close(),
  };
}
