/**
 * `npm start`: load the settings, start the embedded emulator when no Azure settings are given,
 * serve GraphQL on PORT, print where, and close everything on SIGINT/SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepareGateway } from './bootstrap';
import { ConfigError, loadConfigFromProcess, type Config } from './config';
import { startupBanner } from './http/startup-banner';
import { GRAPHQL_PATH } from './server';
import { drainAndClose } from './shutdown';

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function run(config: Config): Promise<void> {
  const prepared = await prepareGateway(config);
  const server = createServer(prepared.gateway.app);
  let port: number;
  try {
    port = await listenOn(server, config.port);
  } catch (error) {
    await prepared.close();
    const reason =
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `port ${config.port} is already in use (set PORT to another port)`
        : String(error);
    throw new Error(`Could not serve GraphQL: ${reason}.`);
  }
  const banner = startupBanner({
    origin: `http://localhost:${port}`,
    graphqlPath: GRAPHQL_PATH,
    config,
    graphUrl: prepared.graphUrl,
    embedded: prepared.embedded,
  });
  process.stdout.write(`${banner.join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    prepared.logger.info(`${signal} received, shutting down`);
    // In-flight operations finish before Apollo, Redis and the emulator close.
    drainAndClose(server, () => prepared.close(), prepared.logger).then(
      () => process.exit(0),
      (error: unknown) => {
        prepared.logger.error('Shutdown failed', { message: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

function main(): void {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  run(config).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

main();
