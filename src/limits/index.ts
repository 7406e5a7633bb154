export { DEFAULT_OPERATION_LIMITS, LIMIT_SETTINGS, type OperationLimits } from './settings';
export { queryTextLimits } from './middleware';
export { readOperationLimits } from './read-settings';
export { countResultNodes } from './result-nodes';
