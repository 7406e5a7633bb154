/** Value rules shared by plannerTask and plannerTaskDetails writes. */

export const PREVIEW_TYPES: ReadonlySet<string> = new Set([
  'automatic',
  'noPreview',
  'checklist',
  'description',
  'reference',
]);

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Open-type values must name their type; Graph accepts it with or without the leading `#`. */
export function isOdataType(value: unknown, type: string): boolean {
  return value === `#microsoft.graph.${type}` || value === `microsoft.graph.${type}`;
}
