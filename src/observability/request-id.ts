import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
// Echoed into logs and a response header, so only plain tokens are taken from callers.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when it is a plain token, otherwise a new UUID. */
export function requestIdFrom(header: string | null | undefined): string {
  const value = header?.trim();
  return value !== undefined && ACCEPTABLE_REQUEST_ID.test(value) ? value : randomUUID();
}
