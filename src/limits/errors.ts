import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import { LIMIT_NOUNS, LIMIT_SETTINGS, type OperationLimits } from './settings';

export type LimitName = keyof OperationLimits;

export interface LimitExceeded {
  limit: LimitName;
  value: number;
  max: number;
}

export function limitMessage({ limit, value, max }: LimitExceeded): string {
  return (
    `The operation is too complex: its ${LIMIT_NOUNS[limit]} is ${value}, above the limit of ${max}. ` +
    `Simplify the operation (fewer nested lists, smaller \`first\`), or raise ${LIMIT_SETTINGS[limit]}.`
  );
}

export function limitExtensions({ limit, value, max }: LimitExceeded): Record<string, unknown> {
  return { code: ErrorCode.QUERY_TOO_COMPLEX, limit: LIMIT_SETTINGS[limit], value, max };
}

/** Request-level refusal (HTTP 400), raised before anything executes. */
export function queryTooComplex(exceeded: LimitExceeded): GraphQLError {
  return new GraphQLError(limitMessage(exceeded), {
    extensions: { ...limitExtensions(exceeded), http: { status: 400 } },
  });
}
