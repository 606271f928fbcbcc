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
 * The signal that takes the demo cluster's API server down, and the next
 * one that brings it back: how the end-to-end tests show a cluster going
 * away in the running portal. A signal, not an HTTP route, so nothing new
 * listens on any port, and only the process's own user (or root) can send it.
 */
export const DEMO_CLUSTER_OUTAGE_SIGNAL = 'SIGUSR2';

/**
 * Starts the Kubernetes API emulator loaded with the demo scenario, with a
 * fresh random bearer token (so only the process that started it can read it).
 * `outageSignal` (default on): `SIGUSR2` toggles an outage of its API server.
 */
export async function startDemoCluster(
  options: {
    host?: string;
    port?: number;
    token?: string;
    outageSignal?: boolean;
  } = {},
): Promise<DemoCluster> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const emulator = await startKubeEmulator({
    host: options.host,
    port: options.port ?? 0,
    token,
    objects: loadDemoScenario(),
  });
  const onSignal = () => {
    const goingDown = emulator.serving;
    const change = goingDown ? emulator.suspend() : emulator.resume();
    change.then(
      () =>
        // eslint-disable-next-line no-console
        console.log(
          `Meshwise demo cluster at ${emulator.url}: API server ${
            goingDown ? 'down' : 'up again'
          } (${DEMO_CLUSTER_OUTAGE_SIGNAL})`,
        ),
      error =>
        // eslint-disable-next-line no-console
        console.error(
          `Meshwise demo cluster: could not ${
            goingDown ? 'stop' : 'restart'
          } the API server: ${error}`,
        ),
    );
  };
  if (options.outageSignal !== false) {
    process.on(DEMO_CLUSTER_OUTAGE_SIGNAL, onSignal);
  }
  return {
    clusterName: DEMO_CLUSTER_NAME,
    url: emulator.url,
    token,
    emulator,
    close: () => {
      process.off(DEMO_CLUSTER_OUTAGE_SIGNAL, onSignal);
      return emulator.close();
    },
  };
}
