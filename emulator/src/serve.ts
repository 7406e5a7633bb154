/**
 * The emulator on a socket from command-line flags: what `npm run emulator` does, shared with
 * hosts that wrap its request handler (the benchmark's adds a request timeline), so both parse,
 * print and stop the same way.
 */
import { writeFileSync } from 'node:fs';
import { createEmulator, type Emulator } from './index';
import { listen } from './listen';
import { createSelfSignedCertificate } from './tls';
import { parseCliArgs, USAGE } from './cli-args';
import { gatewayEnvLines } from './print-env';

async function serveFromArgs(argv: readonly string[], wrap: (emulator: Emulator) => Emulator): Promise<void> {
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

  if (config.printEnv) {
    const { info } = createEmulator(config.emulator);
    process.stdout.write(`${gatewayEnvLines(info, config).join('\n')}\n`);
    return;
  }

  const emulator = wrap(createEmulator(config.emulator));
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

/** Serves the emulator described by `argv` until SIGINT/SIGTERM; exits 2 on bad flags, 1 when it cannot start. */
export function runFromArgs(
  argv: readonly string[],
  wrap: (emulator: Emulator) => Emulator = (emulator) => emulator,
): void {
  serveFromArgs(argv, wrap).catch((error: unknown) => {
    process.stderr.write(`Graph emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
