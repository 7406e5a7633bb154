/**
 * Planner order hints. Items sort by the ordinal value of their hint. A client asks for a
 * position with `"<previous> <next>!"` (either side may be empty; `" !"` lets the service
 * pick), and the service stores a new hint between the two.
 */
import type { SeededRandom } from '../../../tenant/random';

const LOWEST = 33; // '!'; space separates the two halves of a request, so hints never hold it
const HIGHEST = 126; // '~'

/** The `index`-th of a run of increasing hints, in the numeric style real hints often have. */
export function generatedOrderHint(index: number, random: SeededRandom): string {
  return String(8_585_000_000_000_000 + index * 1_000_000_000 + random.int(0, 999_999_999));
}

/** A hint strictly between `low` and `high` (`''` meaning no bound), or null if none exists. */
export function hintBetween(low: string, high: string): string | null {
  let result = '';
  let bounded = high !== '';
  for (let i = 0; i < low.length + high.length + 2; i++) {
    const lo = i < low.length ? low.charCodeAt(i) : LOWEST - 1;
    const hi = bounded && i < high.length ? high.charCodeAt(i) : HIGHEST + 1;
    if (lo === hi) {
      result += String.fromCharCode(lo);
      continue;
    }
    const middle = Math.floor((lo + hi) / 2);
    if (middle > lo) return result + String.fromCharCode(middle);
    // Adjacent characters: keep the lower one; from here on only the lower bound constrains.
    if (lo < LOWEST) return null;
    result += String.fromCharCode(lo);
    bounded = false;
  }
  return null;
}

function isStoredHint(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= 200 &&
    [...value].every((c) => c.charCodeAt(0) >= LOWEST && c.charCodeAt(0) <= HIGHEST)
  );
}

/** Longer requests are refused; real ones are a few hints long. */
const MAX_REQUEST_LENGTH = 512;

/**
 * The hint to store for a requested one, or null when the request is badly formed (Planner
 * answers 400). `fresh` supplies a hint when the service may place the item anywhere.
 *
 * A request is a stored hint, or `<previous> <next>!` where either side may be empty or itself
 * such a request (planner-order-hint-format.md composes them: `' 5637! 5637 adhg!!'`, and
 * `'  !!'` places an item before one placed with `' !'`).
 */
export function resolveOrderHint(requested: string, fresh: () => string): string | null {
  if (requested.length > MAX_REQUEST_LENGTH) return null;
  return evaluate(requested, fresh, new Map());
}

/** `''` for an empty side, the hint a side stands for, or null when it is not a request. */
function evaluate(text: string, fresh: () => string, memo: Map<string, string | null>): string | null {
  if (isStoredHint(text)) return text;
  if (!text.endsWith('!') || !text.includes(' ')) return null;
  const known = memo.get(text);
  if (known !== undefined) return known;
  const body = text.slice(0, -1);
  let result: string | null = null;
  // The space that separates the two sides is the one where both sides read as requests.
  for (let i = body.indexOf(' '); i !== -1 && result === null; i = body.indexOf(' ', i + 1)) {
    const low = side(body.slice(0, i), fresh, memo);
    const high = low === null ? null : side(body.slice(i + 1), fresh, memo);
    if (low === null || high === null) continue;
    if (low === '' && high === '') result = fresh();
    else if (low !== '' && high !== '' && low >= high) continue;
    else result = hintBetween(low, high);
  }
  memo.set(text, result);
  return result;
}

function side(text: string, fresh: () => string, memo: Map<string, string | null>): string | null {
  return text === '' ? '' : evaluate(text, fresh, memo);
}
