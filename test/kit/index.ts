/** The gateway suites' testkit: see README.md ("Tests") for how to write a test with it. */
export * from './gateway';
export * from './graph-types';
export * from './graph-stats';
export * from './http';
export * from './metrics';
export * from './process';
export * from './wait';
export * from './live';
