export { analyseOperation, type OperationAnalysis, type OperationInput, type PageSizeArgument } from './analyse-operation';
export { checkGraphPropertyTables } from './graph-properties';
export { listSizesOf } from './list-sizes';
export { createOperationAnalyses, type OperationAnalyses } from './operation-analyses';
export { requestOperationInput } from './operation-input';
export type { GraphSelects } from './select-lists';
