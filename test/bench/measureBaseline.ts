import type { BackendHostReady, MemoryFigures } from './benchProtocol';
import { sleep } from './pollUntil';
import { readRss } from './RssSampler';
import { BenchFiles, startBackendHost } from './startBackendHost';

/**
 * The harness's own footprint: the same backend (test utils, mocks, catalog
 * double, TS transform) with no plugin, after a moment to settle.
 */
export async function measureBaseline(
  files: BenchFiles,
): Promise<{ rssMb: number; heapAfterGcMb: number }> {
  const host = startBackendHost('baseline', files);
  try {
    await host.ready<BackendHostReady>();
    await sleep(2_000);
    const rssMb = readRss(host.pid).rssMb;
    const afterGc = await host.send<MemoryFigures>({ op: 'memory', gc: true });
    return { rssMb, heapAfterGcMb: afterGc.heapUsedMb };
  } finally {
    await host.stop();
  }
}
