/**
 * Each request's round: 1 for a request that started before any other had been answered, else
 * one more than the deepest round of a request answered before it started (a request of round
 * n + 1 could have depended on an answer of round n). Requests of one round overlap in time.
 *
 * @template {{ startMs: number, endMs: number }} Entry
 * @param {Entry[]} entries
 * @returns {{ entry: Entry, round: number }[]} by start time
 */
function roundOfEach(entries) {
  const sorted = [...entries].sort((a, b) => a.startMs - b.startMs);
  const rounds = [];
  for (let i = 0; i < sorted.length; i++) {
    let before = 0;
    for (let j = 0; j < i; j++) {
      if (sorted[j].endMs <= sorted[i].startMs && rounds[j].round > before) before = rounds[j].round;
    }
    rounds.push({ entry: sorted[i], round: before + 1 });
  }
  return rounds;
}

/**
 * Waves seen from the emulator's side, for contenders that do not report them: the longest chain
 * of Graph HTTP requests in which each one started only after the one before it had been
 * answered (sequential round trips on the critical path). Requests of one wave overlap in time;
 * a dependent request starts after its parent's answer. Counted at a high emulator latency, so
 * that the spread of a wave's start times stays far below one round trip.
 *
 * @param {{ startMs: number, endMs: number }[]} entries
 */
export function wavesFromTimeline(entries) {
  return roundOfEach(entries).reduce((deepest, { round }) => Math.max(deepest, round), 0);
}

/**
 * The requests grouped into their rounds (see `roundOfEach`), first round first, each round's
 * requests by start time: what the I/O floor replays, a round at a time.
 *
 * @template {{ startMs: number, endMs: number }} Entry
 * @param {Entry[]} entries
 * @returns {Entry[][]}
 */
export function roundsFromTimeline(entries) {
  const rounds = [];
  for (const { entry, round } of roundOfEach(entries)) (rounds[round - 1] ??= []).push(entry);
  return rounds;
}

/**
 * How long at least one Graph request was in flight (the union of the requests' intervals):
 * the operation's time on Graph's side; the rest of the operation's time is the contender's.
 *
 * @param {{ startMs: number, endMs: number }[]} entries
 */
export function graphBusyMs(entries) {
  const sorted = [...entries].sort((a, b) => a.startMs - b.startMs);
  let busy = 0;
  let currentStart = null;
  let currentEnd = null;
  for (const { startMs, endMs } of sorted) {
    if (currentEnd === null || startMs > currentEnd) {
      if (currentEnd !== null) busy += currentEnd - currentStart;
      currentStart = startMs;
      currentEnd = endMs;
    } else if (endMs > currentEnd) {
      currentEnd = endMs;
    }
  }
  if (currentEnd !== null) busy += currentEnd - currentStart;
  return busy;
}

/**
 * Resource units Graph charged for the requests (the emulator's `x-ms-resource-unit` answers,
 * recorded by the bench's host); null when any request's answer carried none, e.g. an emulator
 * that does not charge them yet.
 *
 * @param {{ resourceUnits?: number | null }[]} entries
 */
export function resourceUnitsFromTimeline(entries) {
  if (entries.length === 0) return null;
  let total = 0;
  for (const { resourceUnits } of entries) {
    if (typeof resourceUnits !== 'number') return null;
    total += resourceUnits;
  }
  return total;
}
