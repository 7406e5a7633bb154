/**
 * The validation handshake (change-notifications-delivery-webhooks.md, "notificationUrl
 * validation"; graph-api.md Part 2 §3.2): before a subscription is created (or its URL
 * changed), Graph POSTs to the URL with a `validationToken` query parameter and expects, within
 * 10 seconds, `200 OK` with `Content-Type: text/plain` and the decoded token as the body.
 */
import { randomUUID } from 'node:crypto';
import { graphError } from '../../http/errors';
import type { GraphReply } from '../../http/types';
import { isTimeout } from './delivery';

export const VALIDATION_TIMEOUT_MS = 10_000;

/** .NET's names of HTTP status codes, as Graph's message quotes them ("HTTP status code is 'Forbidden'"). */
const STATUS_NAMES: Readonly<Record<number, string>> = {
  201: 'Created',
  202: 'Accepted',
  204: 'NoContent',
  301: 'MovedPermanently',
  302: 'Found',
  307: 'TemporaryRedirect',
  308: 'PermanentRedirect',
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const MUST_RESPOND = 'Notification endpoint must respond with 200 OK to validation request.';

function validationError(detail: string): GraphReply {
  return graphError(400, 'ValidationError', `Subscription validation request failed. ${detail}`);
}

/**
 * A notification URL Graph can be asked to call: absolute and HTTPS. Plain HTTP is accepted for
 * loopback hosts only, so tests and the embedded gateway need no certificate.
 */
export function checkNotificationUrl(name: string, value: unknown): URL | GraphReply {
  let url: URL | null;
  try {
    url = typeof value === 'string' ? new URL(value) : null;
  } catch {
    url = null;
  }
  const loopback = url !== null && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url === null || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback)))
    return graphError(400, 'InvalidRequest', `The ${name} must be an absolute URL with the HTTPS scheme.`);
  return url;
}

/** Runs the handshake against `url`: null when it passed, else the 400 the create call answers. */
export async function validateEndpoint(url: string, timeoutMs = VALIDATION_TIMEOUT_MS): Promise<GraphReply | null> {
  // Graph's tokens are a sentence (spaces, colons): a receiver must URL-decode it to echo it.
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
  const target = `${url}${url.includes('?') ? '&' : '?'}validationToken=${encodeURIComponent(token)}`;
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (isTimeout(error)) return graphError(400, 'InvalidRequest', 'Subscription validation request timed out.');
    return validationError(MUST_RESPOND);
  }
  let body: string;
  try {
    body = await response.text();
  } catch {
    return graphError(400, 'InvalidRequest', 'Subscription validation request timed out.');
  }
  if (response.status !== 200) {
    const status = STATUS_NAMES[response.status] ?? String(response.status);
    return validationError(`HTTP status code is '${status}'. ${MUST_RESPOND}`);
  }
  if (!/^text\/plain\b/i.test(response.headers.get('content-type') ?? ''))
    return validationError("The response's Content-Type must be 'text/plain'.");
  if (body !== token) return validationError('Response must exactly match validationToken query parameter.');
  return null;
}
