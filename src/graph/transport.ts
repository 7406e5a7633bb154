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

export function fetchTransport(fetchFn: FetchLike): Transport {
  return async (url, { method, headers, body, signal }) => {
    const response = await fetchFn(new Request(url, { method, headers, body, signal }));
    return { status: response.status, headers: lowerCaseHeaders(response.headers), text: () => response.text() };
  };
}

// The global fetch (undici) cost about a third of the gateway's CPU time per operation in the
// benchmark, most of it building and tearing down WHATWG Request/Response/Headers objects and
// streams; node's own client does the same exchange for a fraction of that.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

function headersOf(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
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
    const secure = url.startsWith('https:');
    const send = secure ? httpsRequest : httpRequest;
    const outgoing: Record<string, string> = { 'accept-encoding': ACCEPT_ENCODING, ...headers };
    if (body !== undefined) outgoing['content-length'] = String(Buffer.byteLength(body));
    const request = send(
      url,
      { method, headers: outgoing, agent: secure ? httpsAgent : httpAgent, signal },
      (message) => {
        // Read from the start, so that an abort or a dropped connection before `text()` is
        // called still settles the body instead of leaving it paused.
        const text = bodyOf(message);
        text.catch(() => undefined);
        resolve({ status: message.statusCode ?? 0, headers: headersOf(message), text: () => text });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
