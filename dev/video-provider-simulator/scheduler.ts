// Every delay in the simulator goes through here, so timeScale speeds a whole
// run up (renders, callback retries and timeouts alike) and stop() or reset()
// can cancel everything still pending.
export interface Scheduler {
  /** Runs `task` after `ms` simulated milliseconds. */
  after(ms: number, task: () => void): void;
  /** Resolves after `ms` simulated milliseconds, or at once when cancelled, so no caller hangs on a reset. */
  sleep(ms: number): Promise<void>;
  /** Real milliseconds for a simulated duration. */
  scaled(ms: number): number;
  /** Aborted by cancelAll(): ends in-flight callback requests too. */
  readonly signal: AbortSignal;
  cancelAll(): void;
}

export function createScheduler(timeScale: number): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  const sleepers = new Set<() => void>();
  let controller = new AbortController();
  const scaled = (ms: number) => Math.max(0, Math.round(ms * timeScale));
  const after = (ms: number, task: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      task();
    }, scaled(ms));
    timers.add(timer);
  };
  return {
    after,
    sleep: (ms) =>
      new Promise((resolve) => {
        const wake = () => {
          sleepers.delete(wake);
          resolve();
        };
        sleepers.add(wake);
        after(ms, wake);
      }),
    scaled,
    get signal() {
      return controller.signal;
    },
    cancelAll() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const wake of [...sleepers]) wake();
      controller.abort();
      controller = new AbortController();
    },
  };
}
