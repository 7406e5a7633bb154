import { Lexer, Source, TokenKind } from 'graphql';

/**
 * Tokens in `query`, counting at most `stopAfter + 1` (the lexer stops there, so a huge
 * document costs no more than the limit). A lexing error ends the count: the parser reports it.
 */
export function countTokens(query: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= stopAfter && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    return count;
  }
  return count;
}
