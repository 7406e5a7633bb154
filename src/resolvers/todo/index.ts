/** Microsoft To Do's lists and tasks (`OutlookTaskList`, `OutlookTask`), and the To Do fields of `Mutation` and `User`. */
export { Mutation } from './Mutation';
export { OutlookTask } from './OutlookTask';
export { OutlookTaskList } from './OutlookTaskList';
export { User } from './User';
