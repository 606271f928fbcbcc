#!/usr/bin/env node
/* eslint-disable no-console */
// The demo cluster on its own, to point a Backstage portal or kubectl at it:
//   npx @meshwise/demo-cluster --port 6443 --token my-token
// In this repository (`npm run demo-cluster -- --port 6443`) it runs the
// TypeScript sources; the published package runs its built JavaScript.
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const USAGE = `Usage: meshwise-demo-cluster [options]

Serves the Meshwise demo scenario (Istio sidecar and ambient, cert-manager,
ECK) through an emulated Kubernetes API over plain HTTP, with a bearer token.

Options:
  --port <port>    port to listen on (default: a free port; env MESHWISE_DEMO_CLUSTER_PORT)
  --host <host>    address to listen on (default: 127.0.0.1)
  --token <token>  bearer token clients must send, so that a portal's config can
                   name it (default: a new random token on every start; env
                   MESHWISE_DEMO_CLUSTER_TOKEN)
  -h, --help       show this help
  -v, --version    show the version

It prints the URL and the token, and a Backstage cluster entry that uses them.
Stop it with Ctrl-C.
`;

function fail(message) {
  console.error(`meshwise-demo-cluster: ${message}\n\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(error.message);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.version) {
  console.log(require('../package.json').version);
  process.exit(0);
}

const portText = values.port ?? process.env.MESHWISE_DEMO_CLUSTER_PORT ?? '0';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) {
  fail(`--port must be a number from 0 to 65535, not "${portText}"`);
}
const token = values.token ?? process.env.MESHWISE_DEMO_CLUSTER_TOKEN;
if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
  fail('--token must be printable ASCII without spaces');
}
const host = values.host ?? '127.0.0.1';

// Sources in a checkout, the build in the published package.
const fromSources = fs.existsSync(path.resolve(__dirname, '../src/index.ts'));
if (fromSources) {
  require('@backstage/cli/config/nodeTransform.cjs');
}
const { startDemoCluster } = require(fromSources ? '../src' : '..');

startDemoCluster({ port, host, token }).then(
  cluster => {
    console.log(
      `Meshwise demo cluster "${cluster.clusterName}" serving the Kubernetes API at ${cluster.url}`,
    );
    console.log(`Bearer token: ${cluster.token}`);
    console.log(`
A Backstage cluster entry for it (app-config.yaml):

kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: ${cluster.clusterName}
          url: ${cluster.url}
          authProvider: serviceAccount
          serviceAccountToken: ${cluster.token}
          skipTLSVerify: true
          skipMetricsLookup: true
`);
    const stop = () => cluster.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  error => {
    console.error(`meshwise-demo-cluster: ${error.message ?? error}`);
    process.exit(1);
  },
);
