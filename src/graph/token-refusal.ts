/**
 * Graph's 401 for an operation's token. Graph refuses a token as a whole (expired, bad
 * signature, revoked), so once one call of the operation was answered 401 — the whole request
 * or one `$batch` step — every later call would be refused too: they are answered with that
 * same 401 without being sent (a refused passthrough token with 2000 `_entities` otherwise
 * costs 100 `$batch` requests, all answered 401).
 */
import type { GraphAnswer } from './response';

export interface TokenRefusal {
  /** Graph's first 401 answer in this operation, or null while the token is accepted. */
  readonly answer: GraphAnswer | null;
  /** Notes an answer; a 401 marks the token as refused. */
  note(answer: GraphAnswer): void;
}

export function createTokenRefusal(): TokenRefusal {
  let refused: GraphAnswer | null = null;
  return {
    get answer() {
      return refused;
    },
    note(answer) {
      if (answer.status === 401 && refused === null)
        refused = { status: answer.status, headers: answer.headers, body: answer.body };
    },
  };
}
