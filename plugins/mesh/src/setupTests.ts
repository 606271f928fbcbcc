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

// Rendering the dashboard (tables, charts) can take seconds on a loaded
// 2-core CI machine: wait for what the tests look for instead of failing.
// These are guards, not speed assertions.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
