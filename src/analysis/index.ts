export {
  analyseOperation,
  type OperationAnalysis,
  type OperationInput,
  type PageSizeArgument,
} from './analyse-operation';
export { checkGraphPropertyTables } from './graph-properties';
export { listSizesOf } from './list-sizes';
export { createOperationAnalyses, type OperationAnalyses } from './operation-analyses';
export { requestOperationInput } from './operation-input';
export { NESTED_LIST_DEFAULT_FIRST, ROOT_LIST_DEFAULT_FIRST } from './page-sizes';
export type { GraphSelects } from './select-lists';
