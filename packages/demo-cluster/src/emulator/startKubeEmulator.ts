import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_SERVER_VERSION, ServerVersion } from './discovery';
import { EmulatorControls } from './EmulatorControls';
import { KubeApiHandler } from './KubeApiHandler';
import { KubeStore } from './KubeStore';
import { ObjectStore } from './ObjectStore';
import {
  ResourceType,
  resourceTypes as defaultResourceTypes,
} from './resourceTypes';
import { KubeObject } from './types';
import { WatchStreams } from './WatchStreams';

export interface KubeEmulatorOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: a free port). */
  port?: number;
  /** The bearer token clients must send; null disables authentication. Default: a fixed demo token. */
  token?: string | null;
  /** The user the token authenticates as, shown in 403 messages. */
  user?: string;
  /** Serve HTTPS with this PEM key and certificate. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Objects present at start (status kept; namespaces are loaded first). */
  objects?: KubeObject[];
  /** Serve `serviceaccounts/{name}/token` (TokenRequest). Default true. */
  tokenRequest?: boolean;
  /** Events kept per resource type for watches and consistent paging (default 10000). */
  eventHistory?: number;
  /** Per-type override of `eventHistory`, keyed `pods`, `peerauthentications.security.istio.io`... */
  eventHistoryByType?: Record<string, number>;
  /** Interval of BOOKMARK events on watches that allow them (default 60000 ms). */
  bookmarkIntervalMs?: number;
  /** Server-side limit of a watch without `timeoutSeconds` (default 1800 s). */
  watchTimeoutSeconds?: number;
  /** What `/version` reports. */
  version?: Partial<ServerVersion>;
  /** The resource types served (default: `resourceTypes`). */
  resourceTypes?: readonly ResourceType[];
  /**
   * Start with the namespaces every cluster has (default, kube-system, kube-public,
   * kube-node-lease), unless `objects` brings its own. Default true.
   */
  systemNamespaces?: boolean;
  /** CRD-backed types that start uninstalled. */
  uninstalled?: string[];
}

export interface KubeEmulator {
  /** Base URL, e.g. `https://127.0.0.1:41234`. */
  url: string;
  /** The bearer token to send, or null when authentication is off. */
  token: string | null;
  /** In-process access to the objects (same semantics as the HTTP writes). */
  store: KubeStore;
  /** Switches: forbid/allow, uninstall/install, faults, watch drops, request counters. */
  controls: EmulatorControls;
  /** Open watch streams. */
  readonly openWatches: number;
  /** Whether the server listens (false between `suspend` and `resume`). */
  readonly serving: boolean;
  /**
   * Takes the API server down as if its process died: the port is closed
   * (connections are refused) and every open connection is cut. The objects
   * stay, and can still be changed in process (`store`).
   */
  suspend(): Promise<void>;
  /** Brings a suspended server back on the same host and port. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_EMULATOR_TOKEN = 'meshwise-demo-token';

const SYSTEM_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

/** Starts a Kubernetes API emulator on HTTP or HTTPS. */
export async function startKubeEmulator(
  options: KubeEmulatorOptions = {},
): Promise<KubeEmulator> {
  const types = options.resourceTypes ?? defaultResourceTypes;
  const objectStore = new ObjectStore({
    resourceTypes: types,
    eventHistory: options.eventHistory,
    eventHistoryByType: options.eventHistoryByType,
  });
  const objects = options.objects ?? [];
  const given = new Set(
    objects
      .filter(o => o.apiVersion === 'v1' && o.kind === 'Namespace')
      .map(o => o.metadata.name),
  );
  const system =
    options.systemNamespaces === false
      ? []
      : SYSTEM_NAMESPACES.filter(name => !given.has(name)).map(
          (name): KubeObject => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name },
            spec: { finalizers: ['kubernetes'] },
            status: { phase: 'Active' },
          }),
        );
  objectStore.load([...system, ...objects], { initial: true });
  const watches = new WatchStreams(
    objectStore,
    options.bookmarkIntervalMs ?? 60000,
  );
  const controls = new EmulatorControls(types, {
    dropWatches: type => watches.drop(type),
    holdWatches: ms => watches.hold(ms),
    onUninstall: type => watches.end(type),
    onInstall: type => objectStore.resetHistory(type),
  });
  for (const id of options.uninstalled ?? []) controls.uninstall(id);
  const token =
    options.token === undefined ? DEFAULT_EMULATOR_TOKEN : options.token;
  const host = options.host ?? '127.0.0.1';
  let address = '';
  const handler = new KubeApiHandler({
    store: objectStore,
    controls,
    watches,
    token,
    user: options.user ?? 'system:serviceaccount:backstage:meshwise',
    tokenRequest: options.tokenRequest ?? true,
    version: { ...DEFAULT_SERVER_VERSION, ...options.version },
    watchTimeoutSeconds: options.watchTimeoutSeconds ?? 1800,
    serverAddress: () => address,
  });
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handler.handle(req, res).catch(() => res.destroy());
  };
  const server: Server = options.tls
    ? createHttpsServer(
        { key: options.tls.key, cert: options.tls.cert },
        listener,
      )
    : createHttpServer(listener);
  const sockets = new Set<Socket>();
  server.on(
    options.tls ? 'secureConnection' : 'connection',
    (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    },
  );
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  const shutDown = () =>
    new Promise<void>(resolve => {
      watches.drop();
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  let serving = true;
  address = `${host}:${port}`;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    token,
    store: new KubeStore(objectStore),
    controls,
    get openWatches() {
      return watches.size;
    },
    get serving() {
      return serving;
    },
    suspend: async () => {
      if (!serving) return;
      serving = false;
      await shutDown();
    },
    resume: async () => {
      if (serving) return;
      await listen(port);
      serving = true;
    },
    close: async () => {
      if (!serving) return;
      serving = false;
      await shutDown();
    },
  };
}
