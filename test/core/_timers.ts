/** Node timers a piece of work creates, seen through async_hooks (for tests that no timer is left behind). */
import { createHook } from 'node:async_hooks';
import { ON_BUN } from '../helpers/runtime.js';

/** Whether async_hooks reports timers here: Bun's `createHook` never sees a `Timeout`. */
export const SEES_TIMERS = !ON_BUN;

/** The fields of a Node `Timeout` these tests read: its delay, whether it ended, whether it holds the process. */
export type NodeTimeout = { _idleTimeout: number; _destroyed: boolean; hasRef(): boolean };

/**
 * Runs `work` and returns every timer created meanwhile, with the delay it was created with (Node
 * sets `_idleTimeout` to -1 once a timer fired or was cleared), one macrotask after `work` settled.
 */
export async function timersCreatedBy(work: () => Promise<void>): Promise<Array<{ delayMs: number; timer: NodeTimeout }>> {
  const created: Array<{ delayMs: number; timer: NodeTimeout }> = [];
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === 'Timeout') created.push({ delayMs: (resource as NodeTimeout)._idleTimeout, timer: resource as NodeTimeout });
    },
  });
  hook.enable();
  try {
    await work();
  } finally {
    hook.disable();
  }
  await new Promise((r) => setImmediate(r));
  return created;
}
