/**
 * `npm run emulator -- [flags]`: the emulator alone on a socket. Prints
 * `Graph emulator listening on <url>` once it accepts connections.
 */
import { writeFileSync } from 'node:fs';
import { createEmulator } from './index';
import { listen } from './listen';
import { createSelfSignedCertificate } from './tls';
import { parseCliArgs, USAGE } from './cli-args';

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`Invalid arguments:\n${parsed.problems.map((p) => `  - ${p}`).join('\n')}\n\n${USAGE}\n`);
    process.exit(2);
  }
  const { config } = parsed;
  if (config.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const emulator = createEmulator(config.emulator);
  let tls: { cert: string; key: string } | undefined;
  if (config.certOut) {
    tls = createSelfSignedCertificate();
    writeFileSync(config.certOut, tls.cert);
  }
  const server = await listen(emulator, { host: config.host, port: config.port, https: tls });
  process.stdout.write(`Graph emulator listening on ${server.url}\n`);
  process.stdout.write(
    `Tenant ${emulator.info.tenantId}, client ${emulator.info.clientId}; details at ${server.url}/_emulator/info\n`,
  );

  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`Graph emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
