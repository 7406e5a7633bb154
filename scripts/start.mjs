/**
 * `npm start`: runs the compiled gateway (dist/src/main.js) with plain node, compiling first
 * when dist/ is missing or older than the sources (scripts/build.mjs). No tsx at run time.
 *
 * The gateway runs in this process rather than a child, so signals (SIGTERM, Ctrl-C) and the
 * exit status are the gateway's own with nothing to forward.
 */
import { createRequire } from 'node:module';
import { build, GATEWAY_MAIN, isStale } from './build.mjs';

const reason = isStale();
if (reason) {
  process.stderr.write(`Building dist/ (${reason})...\n`);
  try {
    build();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

// main.js is CommonJS (the packages have no "type": "module"); requiring it starts the gateway.
createRequire(import.meta.url)(GATEWAY_MAIN);
