import { GraphApiError } from './errors';

/**
 * Planner refused a write because `If-Match` did not name the resource's current version
 * (409 or 412). `currentEtag` is the version Graph holds now (read again after the refusal),
 * so the caller can re-read, merge and retry; null when that read failed too.
 */
export class PlannerConflictError extends GraphApiError {
  readonly currentEtag: string | null;

  constructor(refusal: GraphApiError, currentEtag: string | null) {
    super({
      status: refusal.status,
      code: refusal.code,
      message: refusal.message,
      kind: refusal.kind,
      requestId: refusal.requestId,
      attempts: refusal.attempts,
    });
    this.currentEtag = currentEtag;
  }
}
