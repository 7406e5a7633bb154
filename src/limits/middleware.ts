/**
 * Size and token limits, checked on the raw query text before Apollo parses it (so an
 * oversized document costs no parse, and the refusal is QUERY_TOO_COMPLEX rather than a
 * syntax error). Covers POST bodies (one operation or a batch) and GET query strings.
 */
import type { RequestHandler } from 'express';
import { limitExtensions, limitMessage, type LimitExceeded } from './errors';
import type { OperationLimits } from './settings';
import { countTokens } from './tokens';

function queriesOf(body: unknown, query: unknown): string[] {
  const texts: string[] = [];
  const collect = (candidate: unknown) => {
    if (
      typeof candidate === 'object' &&
      candidate !== null &&
      'query' in candidate &&
      typeof candidate.query === 'string'
    ) {
      texts.push(candidate.query);
    }
  };
  if (Array.isArray(body)) body.forEach(collect);
  else collect(body);
  collect(query);
  return texts;
}

export function checkQueryText(text: string, limits: OperationLimits): LimitExceeded | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxQueryBytes) return { limit: 'maxQueryBytes', value: bytes, max: limits.maxQueryBytes };
  const tokens = countTokens(text, limits.maxTokens);
  if (tokens > limits.maxTokens) {
    // The lexer stopped at the limit: the document has at least this many.
    return { limit: 'maxTokens', value: tokens, max: limits.maxTokens };
  }
  return null;
}

export function queryTextLimits(limits: OperationLimits): RequestHandler {
  return (req, res, next) => {
    for (const text of queriesOf(req.body, req.query)) {
      const exceeded = checkQueryText(text, limits);
      if (exceeded) {
        res.status(400).json({ errors: [{ message: limitMessage(exceeded), extensions: limitExtensions(exceeded) }] });
        return;
      }
    }
    next();
  };
}
