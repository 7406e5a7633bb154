/** A throwaway `redis-server` on a free loopback port, without persistence. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createClient } from 'redis';
import { freePort, stopProcess, waitFor } from '../kit';

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  /** After `stop()`: starts an empty server on the same port (a Redis restart without persistence). */
  start(): Promise<void>;
}

function spawnRedisServer(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
}

async function untilAccepting(child: ChildProcess, port: number): Promise<void> {
  try {
    await waitFor(() => accepts(port), { timeoutMs: 5_000, intervalMs: 50, what: `redis-server on port ${port}` });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child = spawnRedisServer(port);
  await untilAccepting(child, port);
  const start = async () => {
    child = spawnRedisServer(port);
    await untilAccepting(child, port);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      await stopProcess(child);
    },
    start,
  };
}

/** Subscribers of the gateway's live data channels (`live:topic:*`), over all replicas. */
export async function liveChannelSubscribers(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    const channels = await client.pubSubChannels('live:topic:*');
    const counts = channels.length > 0 ? await client.pubSubNumSub(channels) : {};
    return Object.values(counts).reduce((sum, count) => sum + Number(count), 0);
  } finally {
    await client.close();
  }
}

/** How many live-data leases Redis holds now (`live:lease:*`). */
export async function liveLeases(url: string): Promise<number> {
  const client = createClient({ url });
  await client.connect();
  try {
    return (await client.keys('live:lease:*')).length;
  } finally {
    await client.close();
  }
}
