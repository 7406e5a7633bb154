/**
 * Planner etags. Real ones look like `W/"JzEtVGFzayAgQEBAQEBAQEBAQEBAQEBASCc="` (base64 of
 * `'1-Task  @@@...`): the resource kind, then a version. Graph documents that etags of one
 * resource compare ordinally (the larger string is newer) and that etags of different
 * resources, even a task and its details, cannot be compared.
 *
 * The emulator's etags keep that shape: a base64 prefix naming the kind, then the version as
 * fixed-width lower-case hex, which is valid base64 text and sorts ordinally with the version.
 */

export type PlannerEtagKind = 'Plan' | 'PlanDetails' | 'Bucket' | 'Task' | 'TaskDetails';

const VERSION_DIGITS = 12;

function kindPrefix(kind: PlannerEtagKind): string {
  let text = `'1-${kind}  `;
  // Whole 3-byte groups, so the version that follows starts on a base64 character boundary.
  while (text.length % 3 !== 0) text += ' ';
  return Buffer.from(text, 'latin1').toString('base64');
}

const PREFIXES: Record<PlannerEtagKind, string> = {
  Plan: kindPrefix('Plan'),
  PlanDetails: kindPrefix('PlanDetails'),
  Bucket: kindPrefix('Bucket'),
  Task: kindPrefix('Task'),
  TaskDetails: kindPrefix('TaskDetails'),
};

export function plannerEtag(kind: PlannerEtagKind, version: number): string {
  return `W/"${PREFIXES[kind]}${version.toString(16).padStart(VERSION_DIGITS, '0')}"`;
}

/** The version an etag of `kind` carries, or null when the value is not such an etag. */
export function plannerEtagVersion(kind: PlannerEtagKind, value: string): number | null {
  const match = /^(?:W\/)?"([A-Za-z0-9+/=]+)"$/.exec(value.trim());
  const opaque = match?.[1];
  const prefix = PREFIXES[kind];
  if (!opaque || !opaque.startsWith(prefix)) return null;
  const digits = opaque.slice(prefix.length);
  if (!new RegExp(`^[0-9a-f]{${VERSION_DIGITS}}$`).test(digits)) return null;
  return Number.parseInt(digits, 16);
}

/** The etag that follows `current` after one accepted change. */
export function nextPlannerEtag(kind: PlannerEtagKind, current: string): string {
  return plannerEtag(kind, (plannerEtagVersion(kind, current) ?? 0) + 1);
}
