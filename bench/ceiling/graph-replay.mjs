/**
 * The I/O floor's Graph requests: the requests the gateway sent Graph for one operation (recorded
 * by the bench's emulator host), sent again round by round — all of a round at once, each round
 * once the previous one has been answered — with node's HTTP client over a keep-alive agent, as
 * the gateway's transport sends them. Each answer is read and `JSON.parse`d; the caller keeps the
 * parsed answers until its response is sent, as a gateway holds Graph's answers while it resolves.
 */
import { Agent, request as httpRequest } from 'node:http';

/**
 * @typedef {{ method: string, target: string, headers: Record<string, string>, body: string | null, bodyOmitted?: boolean }} Exchange
 */

const agent = new Agent({ keepAlive: true });

/** What the answer's first characters say, for an error message. */
const excerpt = (text) => text.slice(0, 200).replace(/\s+/g, ' ');

/** One request, prepared once: its URL, options and body are the same for every operation. */
function prepare(graphUrl, token, exchange) {
  if (exchange.bodyOmitted)
    throw new Error(`the recorded ${exchange.method} ${exchange.target} has a body too large to have been kept`);
  const what = `${exchange.method} ${exchange.target}`;
  const body = exchange.body === null ? undefined : Buffer.from(exchange.body, 'utf8');
  const headers = { ...exchange.headers, authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return {
    what,
    url: new URL(exchange.target, graphUrl),
    options: { method: exchange.method, headers, agent },
    body,
  };
}

/** Sends one prepared request; resolves with its parsed answer, rejects on a status ≥ 400 or a body that is not JSON. */
function send({ what, url, options, body }) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, options, (message) => {
      const chunks = [];
      message.on('data', (chunk) => chunks.push(chunk));
      message.on('error', reject);
      message.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = message.statusCode ?? 0;
        if (status >= 400) {
          reject(new Error(`Graph answered ${what} with ${status}: ${excerpt(text)}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`Graph answered ${what} (${status}) with a body that is not JSON: ${excerpt(text)}`));
        }
      });
    });
    request.on('error', (error) => reject(new Error(`${what} failed: ${error.message}`)));
    request.end(body);
  });
}

/**
 * @param {{ rounds: Exchange[][], graphUrl: string, token: string }} settings
 * @returns {() => Promise<unknown[]>} one operation's Graph I/O: every round in turn, the parsed answers
 */
export function graphReplay({ rounds, graphUrl, token }) {
  const prepared = rounds.map((round) => round.map((exchange) => prepare(graphUrl, token, exchange)));
  return async function replay() {
    const answers = [];
    for (const round of prepared) answers.push(...(await Promise.all(round.map(send))));
    return answers;
  };
}
