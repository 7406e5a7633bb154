import type { GraphRequestStats } from './client';
import { abortedError, protocolError } from './errors';
import { MAX_BATCH_STEPS, type BatchStep, type HttpSender } from './http';
import { mergeKeyedReads, type RoundRead } from './keyed-reads';
import { isRecord, lowerCaseHeaders, type GraphAnswer } from './response';
import { sleep, type ReadOutcome, type RetryPolicy } from './retry';
import type { TokenRefusal } from './token-refusal';
import type { Read, WaveRead, WaveSender } from './wave-queue';

export interface BatchSenderOptions {
  http: HttpSender;
  retry: RetryPolicy;
  stats: GraphRequestStats;
  signal?: AbortSignal;
  now?: () => number;
  /** Told about every step's answer: a step answered 401 refuses the token for the operation. */
  refusal?: TokenRefusal;
}

/** A read of a wave being sent: its attempts so far, and when the first went out. */
interface ReadInFlight {
  readonly read: Read;
  readonly queued: WaveRead;
  attempts: number;
  firstSentAt: number;
}

function settle(inFlight: ReadInFlight, outcome: ReadOutcome): void {
  if (!('answer' in outcome)) {
    inFlight.queued.settle(outcome);
    return;
  }
  // Spelled out rather than spread: hundreds of reads settle per operation.
  const { status, headers, body } = outcome.answer;
  inFlight.queued.settle({ answer: { status, headers, body, attempts: inFlight.attempts } });
}

/** Matches a `$batch` answer's steps to the requests by id: Graph answers steps in any order. */
function stepOutcomes(chunk: readonly unknown[], answer: GraphAnswer, refusal?: TokenRefusal): ReadOutcome[] {
  // A whole-request failure (429/503 on the POST, 400, 401...) is every step's answer.
  if (answer.status !== 200) return chunk.map(() => ({ answer }));
  const responses = isRecord(answer.body) && Array.isArray(answer.body.responses) ? answer.body.responses : null;
  if (!responses) return chunk.map(() => ({ error: protocolError('The $batch answer has no `responses` array.') }));
  const byId = new Map<string, GraphAnswer>();
  for (const step of responses) {
    if (!isRecord(step) || typeof step.id !== 'string' || typeof step.status !== 'number') continue;
    const stepAnswer: GraphAnswer = {
      status: step.status,
      headers: lowerCaseHeaders(isRecord(step.headers) ? step.headers : undefined),
      body: step.body,
    };
    refusal?.note(stepAnswer);
    byId.set(step.id.toLowerCase(), stepAnswer);
  }
  return chunk.map((_, index) => {
    const stepAnswer = byId.get(stepId(index));
    return stepAnswer
      ? { answer: stepAnswer }
      : { error: protocolError(`The $batch answer has no step with id ${stepId(index)}.`) };
  });
}

const stepId = (index: number) => String(index + 1);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Sends the waves of the operation's queue (`wave-queue.ts`): by-key reads of users and groups
 * merged into `in (...)` reads (`keyed-reads.ts`), then a lone request goes as a plain GET, more
 * as `$batch` requests of at most 20 steps, sent concurrently (the HTTP sender bounds how many
 * are in flight). A failed step is an error in its own slot only.
 * The answers of one round settle together when all its requests are back (so the next level
 * stays one wave). Steps answered 429/503/504 are re-sent, just them, after the longest
 * `Retry-After` among them.
 */
export function createBatchSender(options: BatchSenderOptions): WaveSender {
  const { http, retry, stats, signal } = options;
  const now = options.now ?? Date.now;

  async function sendRound(
    reads: readonly ReadInFlight[],
    onOutcome: (read: ReadInFlight, outcome: ReadOutcome) => void,
  ) {
    const deliver = (request: RoundRead<ReadInFlight>, outcome: ReadOutcome) => {
      if ('answer' in outcome) {
        const answers = request.split(outcome.answer);
        request.members.forEach((read, index) => onOutcome(read, { answer: answers[index] }));
      } else {
        for (const read of request.members) onOutcome(read, outcome);
      }
    };
    const attempt = async (
      chunk: readonly RoundRead<ReadInFlight>[],
      send: () => Promise<GraphAnswer>,
      outcomesOf: (answer: GraphAnswer) => ReadOutcome[],
    ) => {
      let outcomes: ReadOutcome[];
      try {
        outcomes = outcomesOf(await send());
      } catch (error) {
        outcomes = chunk.map(() => ({ error }));
      }
      chunk.forEach((request, index) => deliver(request, outcomes[index]));
    };
    const requests = mergeKeyedReads(reads);
    if (requests.length === 1) {
      const [{ read }] = requests;
      await attempt(
        requests,
        () => http.get(read.url, read.headers),
        (answer) => [{ answer }],
      );
      return;
    }
    await Promise.all(
      chunks(requests, MAX_BATCH_STEPS).map((chunk) => {
        const steps: BatchStep[] = chunk.map(({ read }, index) => ({
          id: stepId(index),
          method: 'GET',
          url: read.url,
          ...(Object.keys(read.headers).length > 0 ? { headers: { ...read.headers } } : {}),
        }));
        return attempt(
          chunk,
          () => http.batch(steps),
          (answer) => stepOutcomes(chunk, answer, options.refusal),
        );
      }),
    );
  }

  async function runRounds(reads: readonly ReadInFlight[]): Promise<void> {
    let pending = reads;
    while (pending.length > 0) {
      const startedAt = now();
      for (const read of pending) {
        if (read.attempts === 0) read.firstSentAt = startedAt;
        read.attempts += 1;
      }
      const retrying: ReadInFlight[] = [];
      const answered: Array<{ read: ReadInFlight; outcome: ReadOutcome }> = [];
      let waitMs = 0;
      await sendRound(pending, (read, outcome) => {
        const delay = retry.delayBeforeRetry(outcome, read.attempts, now() - read.firstSentAt);
        if (delay === null) {
          answered.push({ read, outcome });
        } else if (signal?.aborted) {
          answered.push({ read, outcome: { error: abortedError() } });
        } else {
          retrying.push(read);
          waitMs = Math.max(waitMs, delay);
        }
      });
      // The round's answers settle together, once every `$batch` of it is back: the fields
      // below them then issue their reads in the same tick and form one wave. Settling each
      // `$batch` as it arrives would split the next level into as many waves as this round
      // had requests. Reads being retried settle later, on their own.
      for (const { read, outcome } of answered) settle(read, outcome);
      if (retrying.length === 0) return;
      try {
        await sleep(waitMs, signal);
      } catch (error) {
        for (const read of retrying) settle(read, { error });
        return;
      }
      stats.retries += retrying.length;
      pending = retrying;
    }
  }

  return (wave) => {
    stats.waves += 1;
    // The read is held, not copied: a queued read no longer changes once its wave goes out.
    const reads = wave.map((queued): ReadInFlight => ({
      read: queued.read,
      queued,
      attempts: 0,
      firstSentAt: 0,
    }));
    runRounds(reads).catch((error: unknown) => {
      for (const read of reads) settle(read, { error });
    });
  };
}
