/**
 * concepts/query-parameters.md: "On the beta endpoint, the `$` prefix is optional", so
 * `filter=`, `top=`, `select=`... name the system query options there; on v1.0 the emulator
 * keeps requiring the `$` (the page: optional "for only a subset of APIs", "always include `$`")
 * and reads an unprefixed name as a custom parameter, which nothing reads.
 */
import { graphError } from './errors';
import type { GraphCall, GraphReply } from './types';

const SYSTEM_OPTIONS = ['filter', 'top', 'select', 'orderby', 'count', 'search', 'expand', 'skiptoken', 'skip'];

/**
 * The call's options with every unprefixed system option of a beta call spelled `$name`; the
 * 400 OData gives when an option then appears twice (`filter=` and `$filter=`). Other calls
 * are returned unchanged.
 */
export function withSystemOptionPrefixes(call: GraphCall): URLSearchParams | GraphReply {
  if (call.version !== 'beta') return call.query;
  const unprefixed = [...call.query.keys()].some((key) => SYSTEM_OPTIONS.includes(key.toLowerCase()));
  if (!unprefixed) return call.query;
  const normalized = new URLSearchParams();
  const seen = new Set<string>();
  for (const [key, value] of call.query) {
    const lower = key.toLowerCase();
    const bare = lower.startsWith('$') ? lower.slice(1) : lower;
    if (!SYSTEM_OPTIONS.includes(bare)) {
      normalized.append(key, value);
      continue;
    }
    const name = `$${bare}`;
    if (seen.has(name)) {
      return graphError(
        400,
        'BadRequest',
        `Query option '${name}' was specified more than once, but it must be specified at most once.`,
      );
    }
    seen.add(name);
    normalized.append(lower.startsWith('$') ? key : name, value);
  }
  return normalized;
}
