/** Delta queries: the delta fields of `Query` (users, groups) and `OutlookTaskList` (To Do tasks). */
export { OutlookTaskList } from './OutlookTaskList';
export { Query } from './Query';
