/** What `npm run bench` needs before it starts anything: Node 20+, the root install, bench's own packages. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));

export function ensurePrerequisites() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) throw new Error(`The bench needs Node 20 or later (this is ${process.version}).`);
  if (!existsSync(`${ROOT_DIR}node_modules/tsx`))
    throw new Error('The project is not installed: run `npm install` in the repository root first.');
  if (existsSync(`${BENCH_DIR}node_modules`)) return;
  process.stderr.write('bench: installing its own packages (npm ci --prefix bench, once)\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci', '--prefix', BENCH_DIR, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error('`npm ci --prefix bench` failed; see its output above.');
}
