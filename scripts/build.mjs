/**
 * `npm run build`: compiles the emulator package (emulator/dist, which the gateway's build reads
 * through the package's `exports`) and then the gateway (dist/), and stamps the build.
 * `npm start` (scripts/start.mjs) uses `isStale()` and `build()` to rebuild only when needed.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled and without tsx.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GATEWAY_MAIN = join(ROOT, 'dist', 'src', 'main.js');
const EMULATOR_MAIN = join(ROOT, 'emulator', 'dist', 'index.js');
const STAMP = join(ROOT, 'dist', '.build-stamp');

/** What the compiled output depends on; a change to any of them makes the build stale. */
const INPUT_DIRECTORIES = ['src', 'schema', join('emulator', 'src')];
const INPUT_FILES = [
  'tsconfig.json',
  'tsconfig.build.json',
  join('emulator', 'tsconfig.json'),
  join('emulator', 'tsconfig.build.json'),
  join('emulator', 'package.json'),
];

/** The newest modification time (ms) of a file or of anything below a directory. */
function newestMtime(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file shows only as a newer directory
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why the build must run, or null when dist/ and emulator/dist are newer than every input. */
export function isStale() {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp || !existsSync(GATEWAY_MAIN) || !existsSync(EMULATOR_MAIN)) return 'no complete build yet';
  const inputs = [...INPUT_DIRECTORIES, ...INPUT_FILES].map((path) => join(ROOT, path));
  const changed = inputs.find((path) => newestMtime(path) > stamp.mtimeMs);
  return changed ? `${changed.slice(ROOT.length + 1)} changed since the last build` : null;
}

function tsc(project) {
  let compiler;
  try {
    compiler = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    throw new Error(
      'TypeScript is not installed (a production install?): run `npm run build` where the dev dependencies are installed.',
    );
  }
  // Compiler output goes to stderr so that `npm start`'s stdout stays the banner alone.
  const result = spawnSync(process.execPath, [compiler, '-p', project], {
    cwd: ROOT,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) throw new Error(`tsc -p ${project} failed (exit ${result.status ?? result.signal}).`);
}

/** Compiles both packages; the stamp is written only when both compile without errors. */
export function build() {
  // The stamp carries the time the build started, so a file saved during the build counts as newer.
  const startedAt = new Date();
  tsc(join('emulator', 'tsconfig.build.json'));
  tsc('tsconfig.build.json');
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  utimesSync(STAMP, startedAt, startedAt);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    build();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
