/** A JSON object (not an array, not null): the only shape a Planner or To Do write body may have. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
