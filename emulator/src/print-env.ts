/**
 * `--print-env`: the settings that point the gateway at an emulator started with the same flags,
 * as shell `export` lines (for `eval`, or a `.env` file the gateway reads). They can be printed
 * without the emulator listening: the app registration and tenant derive from the seed, and the
 * URL from the flags. Tokens cannot be printed this way: the signing key is new in every process.
 */
import { resolve } from 'node:path';
import type { EmulatorInfo } from './index';

export interface PrintEnvTarget {
  host: string;
  port: number;
  /** The certificate file of `--https`; null serves plain http. */
  certOut: string | null;
}

/** The address clients use: a wildcard bind is reached on loopback, an IPv6 address in brackets. */
function clientHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A value quoted for POSIX shells (and read back as is by the gateway's `.env` reader). */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function gatewayEnvLines(info: EmulatorInfo, target: PrintEnvTarget): string[] {
  const origin = `${target.certOut ? 'https' : 'http'}://${clientHost(target.host)}:${target.port}`;
  const settings: [string, string][] = [
    ['GRAPH_API_URL', origin],
    ['AZURE_AUTHORITY_HOST', origin],
    ['AZURE_TENANT_ID', info.tenantId],
    ['AZURE_CLIENT_ID', info.clientId],
    ['AZURE_CLIENT_SECRET', info.clientSecret],
  ];
  // Node trusts the self-signed certificate only when told at start-up.
  if (target.certOut) settings.push(['NODE_EXTRA_CA_CERTS', resolve(target.certOut)]);
  return [
    `# The gateway's settings for the Graph emulator at ${origin} (seed ${info.seed})`,
    ...settings.map(([name, value]) => `export ${name}=${shellQuote(value)}`),
  ];
}
