/**
 * What an answer tells about Graph's load (graph-api.md, Part 2 §4.3): the resource units it
 * charged (`x-ms-resource-unit`, sent by the directory service) and whether it pushed back
 * (429/503, with the longest `Retry-After`). For a `$batch` the steps count, not the envelope:
 * each step is metered and throttled on its own.
 */
import { headerIn, isRecord, lowerCaseHeaders, retryAfterSeconds, type GraphAnswer } from './response';

export interface LoadSignals {
  /** Sum of `x-ms-resource-unit` over the answer (or its steps); 0 when Graph sent none. */
  resourceUnits: number;
  /** A 429 or 503 came back (whole request or a step). */
  pushedBack: boolean;
  /** The longest `Retry-After` among those answers, in ms (undefined when none named a wait). */
  retryAfterMs?: number;
}

const PUSHBACK_STATUSES: ReadonlySet<number> = new Set([429, 503]);

function unitsOf(value: unknown): number {
  const units = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(units) && units > 0 ? units : 0;
}

export function loadSignalsOf(answer: GraphAnswer, batch: boolean): LoadSignals {
  const signals: LoadSignals = { resourceUnits: 0, pushedBack: false };
  const note = (status: unknown, headers: Readonly<Record<string, string>>) => {
    if (typeof status !== 'number' || !PUSHBACK_STATUSES.has(status)) return;
    signals.pushedBack = true;
    const seconds = retryAfterSeconds(headers);
    if (seconds !== undefined) signals.retryAfterMs = Math.max(signals.retryAfterMs ?? 0, seconds * 1000);
  };
  note(answer.status, answer.headers);
  const steps = batch && isRecord(answer.body) && Array.isArray(answer.body.responses) ? answer.body.responses : null;
  if (!steps) {
    signals.resourceUnits = unitsOf(answer.headers['x-ms-resource-unit']);
    return signals;
  }
  for (const step of steps) {
    if (!isRecord(step)) continue;
    // A step's headers come in any case, values as strings or numbers; they are copied with
    // lower-case names only for a pushback (the batch sender copies every step's once).
    const headers = isRecord(step.headers) ? step.headers : undefined;
    if (headers) signals.resourceUnits += unitsOf(headerIn(headers, 'x-ms-resource-unit'));
    if (typeof step.status === 'number' && PUSHBACK_STATUSES.has(step.status))
      note(step.status, lowerCaseHeaders(headers));
  }
  return signals;
}
