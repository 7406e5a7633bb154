/**
 * The tenant's change log: every write that Graph tracks (a user or group update, a membership
 * change, a To Do list or task write, a Planner task write) is appended here, in order, with a
 * sequence number. Delta queries read it back from a token's position; change notifications
 * listen to it. Appending never waits on a listener, so a write's answer is never delayed by
 * the notifications it causes.
 *
 * The log is bounded: once full, the oldest entries go, and a delta token older than what is
 * left can no longer be answered (it is reported as expired, as Graph reports an evicted sync
 * state).
 */
import type { PlannerTaskRecord, Tenant, TodoTaskListRecord, TodoTaskRecord } from './model';

export type ChangeType = 'created' | 'updated' | 'deleted';

/** What changed: the entity kinds delta queries and change notifications track. */
export type ChangeKind = 'user' | 'group' | 'todoTaskList' | 'todoTask' | 'plannerTask' | 'plannerTaskDetails';

export interface ChangeInput {
  kind: ChangeKind;
  changeType: ChangeType;
  id: string;
  /** The To Do list of a task, the owner of a To Do list, the plan of a Planner task. */
  parentId?: string;
  /** The mailbox owner of a To Do task (the user whose `/todo` it is in). */
  ownerId?: string;
  /** The properties a directory update wrote (delta with `$select` tracks only those). */
  properties?: readonly string[];
  /** A membership change of a group: the member and whether it was added or removed. */
  member?: { id: string; added: boolean };
}

export interface Change extends ChangeInput {
  seq: number;
  /** Epoch ms of the write. */
  at: number;
}

export type ChangeListener = (change: Change) => void;

export const CHANGE_LOG_CAPACITY = 50_000;

export class ChangeLog {
  private entries: Change[] = [];
  private nextSeq = 1;
  /** The sequence number of the newest change dropped to keep the log bounded (0: none). */
  private droppedThrough = 0;
  private readonly listeners = new Set<ChangeListener>();
  /**
   * Bumped to expire every delta and skip token issued so far (Graph drops sync states on
   * maintenance; tests use it to reach the resync path).
   */
  generation = 1;

  constructor(private readonly capacity = CHANGE_LOG_CAPACITY) {}

  /** The sequence number of the latest change (0 before any). */
  get latestSeq(): number {
    return this.nextSeq - 1;
  }

  /** A position `seq` can still be read from when every change after it is still held. */
  holdsChangesAfter(seq: number): boolean {
    return seq >= this.droppedThrough && seq <= this.latestSeq;
  }

  /** Changes with a sequence number above `seq`, oldest first. */
  since(seq: number): Change[] {
    const oldest = this.entries[0];
    if (oldest === undefined) return [];
    // Sequence numbers are contiguous, so the position is arithmetic.
    return this.entries.slice(Math.max(0, seq - oldest.seq + 1));
  }

  record(input: ChangeInput): Change {
    const change: Change = { ...input, seq: this.nextSeq++, at: Date.now() };
    this.entries.push(change);
    if (this.entries.length > this.capacity) {
      const dropped = this.entries.splice(0, this.entries.length - this.capacity);
      this.droppedThrough = (dropped[dropped.length - 1] as Change).seq;
    }
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // A listener's bug must never fail the write that caused the change.
        console.error('graph emulator: change listener failed:', error);
      }
    }
    return change;
  }

  /** Calls `listener` synchronously on every change; returns the unsubscribe function. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  expireSyncStates(): number {
    this.generation += 1;
    return this.generation;
  }
}

const logs = new WeakMap<Tenant, ChangeLog>();

/** The tenant's change log (created on first use). */
export function changeLog(tenant: Tenant): ChangeLog {
  let log = logs.get(tenant);
  if (!log) {
    log = new ChangeLog();
    logs.set(tenant, log);
  }
  return log;
}

/** Records one change of the tenant: the one-line hook write endpoints call after writing. */
export function recordChange(tenant: Tenant, change: ChangeInput): void {
  changeLog(tenant).record(change);
}

/** Hook for To Do task writes: a task of `ownerId`'s list changed. */
export function todoTaskChanged(tenant: Tenant, changeType: ChangeType, task: TodoTaskRecord, ownerId: string): void {
  recordChange(tenant, { kind: 'todoTask', changeType, id: task.id, parentId: task.listId, ownerId });
}

/** Hook for To Do list writes. */
export function todoListChanged(tenant: Tenant, changeType: ChangeType, list: TodoTaskListRecord): void {
  recordChange(tenant, { kind: 'todoTaskList', changeType, id: list.id, parentId: list.ownerId });
}

/** Hook for Planner task writes: the task itself, or its details. */
export function plannerTaskChanged(
  tenant: Tenant,
  changeType: ChangeType,
  task: PlannerTaskRecord,
  part: 'task' | 'details' = 'task',
): void {
  const kind = part === 'task' ? 'plannerTask' : 'plannerTaskDetails';
  recordChange(tenant, { kind, changeType, id: task.id, parentId: task.planId });
}
