#!/usr/bin/env node
/* eslint-disable no-console */
// Runs the demo cluster on its own, e.g. to point kubectl or another portal at
// it: `npm run demo-cluster -- --port 6443`. Prints the URL and token.
require('@backstage/cli/config/nodeTransform.cjs');

const { startDemoCluster } = require('../src');

const portFlag = process.argv.indexOf('--port');
const port = portFlag >= 0 ? Number(process.argv[portFlag + 1]) : 0;

startDemoCluster({ port }).then(
  cluster => {
    console.log(`Demo cluster "${cluster.clusterName}" at ${cluster.url}`);
    console.log(`Bearer token: ${cluster.token}`);
    const stop = () => cluster.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  error => {
    console.error(error);
    process.exit(1);
  },
);
