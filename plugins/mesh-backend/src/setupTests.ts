// These suites start servers, spawn kubectl or run thousands of property-based
// cases; on a loaded 2-core CI machine a case can take longer than Jest's
// default 5 s. A generous guard, not a speed assertion (speed is measured by
// the benchmarks).
jest.setTimeout(60_000);
