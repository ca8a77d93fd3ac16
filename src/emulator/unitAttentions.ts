/**
 * UNIT ATTENTION conditions, queued per initiator (SAM: per I_T nexus). mtx drains up to ten with
 * REQUEST SENSE (smc.md §1.2), so conditions stack and come off one at a time, oldest first.
 * After power-on every initiator, including one the library has never seen, gets 29/00 first.
 */

export type UnitAttentionCondition =
  /** 29/00 power on, reset, or bus device reset occurred. */
  | 'power-on'
  /** 29/03 bus device reset function occurred (LOGICAL UNIT RESET). */
  | 'device-reset'
  /** 29/07 I_T nexus loss occurred (the initiator's session dropped and came back). */
  | 'nexus-loss'
  /** 28/00 not ready to ready change, medium may have changed (door closed, inventory done). */
  | 'not-ready-to-ready'
  /** 28/01 import or export element accessed (operator used a mailslot). */
  | 'ie-element-accessed'
  /** 3B/12 medium magazine removed. */
  | 'magazine-removed'
  /** 3B/13 medium magazine inserted. */
  | 'magazine-inserted'
  /** 2A/01 mode parameters changed (by another initiator). */
  | 'mode-parameters-changed'
  /** 2A/03 reservations preempted. */
  | 'reservations-preempted'
  /** 2A/04 reservations released. */
  | 'reservations-released'
  /** 2A/05 registrations preempted. */
  | 'registrations-preempted';

/** A long queue means nobody is draining it; keep the newest that matter without growing forever. */
const MAX_QUEUED = 16;

export class UnitAttentions {
  readonly #queues = new Map<string, UnitAttentionCondition[]>();

  /** First contact of an initiator since power-on: it owes a 29/00 before anything else. */
  #ensure(initiator: string): UnitAttentionCondition[] {
    let queue = this.#queues.get(initiator);
    if (queue === undefined) {
      queue = ['power-on'];
      this.#queues.set(initiator, queue);
    }
    return queue;
  }

  /** Queues `condition` for every initiator (except `except`); unknown initiators get 29/00 anyway. */
  broadcast(condition: UnitAttentionCondition, except?: string): void {
    for (const [initiator, queue] of this.#queues) {
      if (initiator !== except) push(queue, condition);
    }
  }

  /** Queues `condition` for one initiator. */
  raise(initiator: string, condition: UnitAttentionCondition): void {
    push(this.#ensure(initiator), condition);
  }

  peek(initiator: string): UnitAttentionCondition | undefined {
    return this.#ensure(initiator)[0];
  }

  /** Takes the oldest pending condition off the initiator's queue. */
  take(initiator: string): UnitAttentionCondition | undefined {
    return this.#ensure(initiator).shift();
  }

  pending(initiator: string): readonly UnitAttentionCondition[] {
    return [...this.#ensure(initiator)];
  }

  /** Power on / hard reset: every queue is replaced by 29/00, including queues not created yet. */
  powerOn(): void {
    this.#queues.clear();
  }

  /** A reset that every initiator sees as `condition` in place of what was pending. */
  resetAll(condition: UnitAttentionCondition): void {
    for (const initiator of this.#queues.keys()) this.#queues.set(initiator, [condition]);
  }

  /** The initiator's nexus is gone: what it had pending is moot; when it comes back it hears 29/07. */
  nexusLost(initiator: string): void {
    if (this.#queues.has(initiator)) this.#queues.set(initiator, ['nexus-loss']);
  }
}

function push(queue: UnitAttentionCondition[], condition: UnitAttentionCondition): void {
  if (queue.includes(condition)) return;
  if (queue.length >= MAX_QUEUED) queue.shift();
  queue.push(condition);
}
