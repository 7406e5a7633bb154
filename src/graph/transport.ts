/**
 * How one HTTP exchange with Graph goes over the wire. The default speaks `node:http` /
 * `node:https` over keep-alive agents shared by every operation; a `FetchLike` (an in-process
 * emulator's handler in tests) can stand in for it.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { lowerCaseHeaders } from './response';

/** Anything that answers a WHATWG `Request`: the global `fetch`, or an in-process emulator's handler. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface TransportRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** When it aborts, the pending answer or body rejects at once (the HTTP sender relies on it). */
  signal: AbortSignal;
}

/** The answer's status and headers; the body is read separately (a failure there is after the status). */
export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  text(): Promise<string>;
}

export type Transport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/** Settles with `promise`, or rejects as soon as `signal` aborts (an in-process handler may ignore it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function fetchTransport(fetchFn: FetchLike): Transport {
  return async (url, { method, headers, body, signal }) => {
    const response = await untilAborted(fetchFn(new Request(url, { method, headers, body, signal })), signal);
    return {
      status: response.status,
      headers: lowerCaseHeaders(response.headers),
      text: () => untilAborted(response.text(), signal),
    };
  };
}

// The global fetch (undici) cost about a third of the gateway's CPU time per operation in the
// benchmark, most of it building and tearing down WHATWG Request/Response/Headers objects and
// streams; node's own client does the same exchange for a fraction of that.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

function headersOf(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const received = message.headers;
  for (const name in received) {
    const value = received[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

// Graph compresses large answers (user and group pages) when asked; node's client does not
// decompress by itself, so the transport asks for these encodings and undoes them.
const ACCEPT_ENCODING = 'gzip, deflate, br';
const decoders: Readonly<Record<string, (data: Buffer) => Promise<Buffer>>> = {
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

function decoded(data: Buffer, encoding: string | undefined): Promise<Buffer> {
  const decode = encoding ? decoders[encoding.trim().toLowerCase()] : undefined;
  return decode ? decode(data) : Promise.resolve(data);
}

function bodyOf(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => {
      decoded(Buffer.concat(chunks), message.headers['content-encoding']).then(
        (data) => resolve(data.toString('utf8')),
        reject,
      );
    });
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('The connection closed before the whole answer arrived.'));
    });
  });
}

export const nodeTransport: Transport = (url, { method, headers, body, signal }) =>
  new Promise<TransportResponse>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const secure = url.startsWith('https:');
    const send = secure ? httpsRequest : httpRequest;
    const outgoing: Record<string, string> = { 'accept-encoding': ACCEPT_ENCODING, ...headers };
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    // The abort is wired here rather than through the request's `signal` option: node ties that
    // option to the request with a stream end-of-stream watcher (several listeners and closures
    // per request), about a third of the request's own cost at hundreds of requests a second.
    // Destroying the request rejects it before the answer, or fails its body after.
    const onAbort = () => request.destroy(new Error('The request was aborted.', { cause: signal.reason }));
    const release = () => signal.removeEventListener('abort', onAbort);
    const request = send(url, { method, headers: outgoing, agent: secure ? httpsAgent : httpAgent }, (message) => {
      // Read from the start, so that an abort or a dropped connection before `text()` is
      // called still settles the body instead of leaving it paused.
      const text = bodyOf(message);
      text.then(release, release);
      resolve({ status: message.statusCode ?? 0, headers: headersOf(message), text: () => text });
    });
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      release();
      reject(error);
    });
    request.end(body);
  });
