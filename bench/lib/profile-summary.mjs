/**
 * `node bench/lib/profile-summary.mjs DIR-OR-FILE [TOP]`: where a V8 CPU profile spent its
 * time — self time by function and by module (a package under node_modules, a file of src/, or
 * node's internals) — so a contender's hot spots can be read without a browser. Given a
 * directory, it reads the busiest profile in it (the server's thread, not a loader's).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function moduleOf(url) {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /\/(src|bench)\/(.+)$/.exec(url);
  return src ? `${src[1]}/${src[2]}` : url;
}

function summarise(profile, top) {
  const totalMicros = profile.endTime - profile.startTime;
  const selfMicros = new Map();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (deltas[index] ?? 0));
  });
  const byFunction = new Map();
  const byModule = new Map();
  for (const node of profile.nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    if (micros === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${moduleOf(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    const module = moduleOf(url);
    byModule.set(module, (byModule.get(module) ?? 0) + micros);
  }
  const rows = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, micros]) =>
          `${(micros / 1000).toFixed(0).padStart(7)} ms ${((micros / totalMicros) * 100).toFixed(1).padStart(5)}%  ${name}`,
      );
  return [
    `profile of ${(totalMicros / 1e6).toFixed(1)} s`,
    '',
    'self time by module:',
    ...rows(byModule),
    '',
    'self time by function:',
    ...rows(byFunction),
  ].join('\n');
}

function busiest(directory) {
  const profiles = readdirSync(directory)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => JSON.parse(readFileSync(join(directory, name), 'utf8')));
  const busy = (profile) =>
    profile.nodes
      .filter((node) => node.callFrame.functionName !== '(idle)')
      .reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  return profiles.sort((a, b) => busy(b) - busy(a))[0];
}

const [path, topText] = process.argv.slice(2);
if (!path) {
  process.stderr.write('Usage: node bench/lib/profile-summary.mjs DIR-OR-FILE.cpuprofile [TOP]\n');
  process.exit(2);
}
const profile = statSync(path).isDirectory() ? busiest(path) : JSON.parse(readFileSync(path, 'utf8'));
if (!profile) {
  process.stderr.write(`No .cpuprofile in ${path}.\n`);
  process.exit(1);
}
process.stdout.write(`${summarise(profile, Number(topText ?? 25))}\n`);
