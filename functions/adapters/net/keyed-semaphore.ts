/**
 * Counting semaphores by key (a host, an IP address): at most `limit` holders per key at once,
 * waiters served first come, first served. Waiting can be abandoned through an AbortSignal, and
 * idle keys are forgotten, so a sweep over thousands of hosts keeps no state behind.
 */
export interface KeyedSemaphore {
  /** Waits for a slot of `key`; resolves to the function that gives it back (call it once). */
  acquire(key: string, signal?: AbortSignal): Promise<() => void>;
}

interface Slot {
  active: number;
  waiters: Array<() => void>;
}

/** Creates a keyed semaphore allowing `limit` concurrent holders per key. */
export function createKeyedSemaphore(limit: number): KeyedSemaphore {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`semaphore limit must be a positive integer, got ${limit}`);
  const slots = new Map<string, Slot>();

  const releaser = (key: string, slot: Slot): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.waiters.shift();
      if (next) {
        next();
        return;
      }
      slot.active -= 1;
      if (slot.active === 0) slots.delete(key);
    };
  };

  return {
    acquire(key, signal) {
      signal?.throwIfAborted();
      let slot = slots.get(key);
      if (!slot) {
        slot = { active: 0, waiters: [] };
        slots.set(key, slot);
      }
      const current = slot;
      if (current.active < limit) {
        current.active += 1;
        return Promise.resolve(releaser(key, current));
      }
      return new Promise((resolve, reject) => {
        // A waiter handed a slot inherits the releaser's place: `active` is unchanged.
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(releaser(key, current));
        };
        const onAbort = (): void => {
          current.waiters.splice(current.waiters.indexOf(grant), 1);
          reject(signal?.reason);
        };
        current.waiters.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
