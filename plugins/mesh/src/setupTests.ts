import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one to mount.
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// Rendering the dashboard (tables, charts) takes seconds in jsdom, and tens
// of seconds on a loaded 2-core machine (seen: 35 s for one dashboard test at
// a load average of 18): wait for what the tests look for instead of failing.
// These are guards against a hang, not speed assertions.
configure({ asyncUtilTimeout: 30_000 });
jest.setTimeout(180_000);
