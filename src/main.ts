/**
 * `npm start`: load the settings, start the embedded emulator when no Azure settings are given,
 * serve GraphQL on PORT, print where, and close everything on SIGINT/SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prepareGateway } from './bootstrap';
import { ConfigError, loadConfigFromProcess, type Config } from './config';
import { startupBanner } from './startup-banner';
import { GRAPHQL_PATH } from './server';
import { drainAndClose } from './shutdown';

/** Listens on `host` (every interface when null) and resolves with the port taken. */
function listenOn(server: Server, port: number, host: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    };
    if (host === null) server.listen(port, listening);
    else server.listen(port, host, listening);
  });
}

function listenError(error: unknown, port: number, setting: string): Error {
  const reason =
    (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      ? `port ${port} is already in use (set ${setting} to another port)`
      : String(error);
  return new Error(`Could not serve ${setting === 'PORT' ? 'GraphQL' : '/metrics'}: ${reason}.`);
}

async function run(config: Config): Promise<void> {
  const prepared = await prepareGateway(config);
  const server = createServer(prepared.gateway.app);
  prepared.gateway.live.attach(server);
  const metricsApp = prepared.gateway.metricsApp;
  const metricsServer = metricsApp ? createServer(metricsApp) : null;
  let port: number;
  let metricsPort: number | null = null;
  try {
    port = await listenOn(server, config.port, config.host).catch((error: unknown) => {
      throw listenError(error, config.port, 'PORT');
    });
    if (metricsServer && config.metricsPort !== null) {
      const wanted = config.metricsPort;
      metricsPort = await listenOn(metricsServer, wanted, config.host).catch((error: unknown) => {
        throw listenError(error, wanted, 'METRICS_PORT');
      });
    }
  } catch (error) {
    server.close();
    await prepared.close();
    throw error;
  }
  const banner = startupBanner({
    origin: `http://localhost:${port}`,
    graphqlPath: GRAPHQL_PATH,
    config,
    graphUrl: prepared.graphUrl,
    embedded: prepared.embedded,
    metricsOrigin: metricsPort === null ? null : `http://localhost:${metricsPort}`,
  });
  process.stdout.write(`${banner.join('\n')}\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    prepared.logger.info(`${signal} received, shutting down`);
    // Subscriptions complete and their sockets close while in-flight operations finish, before
    // Apollo, Redis and the emulator close.
    metricsServer?.close();
    const liveClosed = prepared.gateway.live.close();
    drainAndClose(server, () => liveClosed.then(() => prepared.close()), prepared.logger).then(
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
