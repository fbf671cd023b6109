/**
 * A job the server runs now and then every `intervalMs`: the correction deadline sweep and the
 * identity housekeeping. One run at a time (a slow run is not overtaken by the next), the timer
 * does not keep the process alive, and `stop()` waits for a run in progress.
 */
export interface PeriodicJob {
  stop(): Promise<void>;
}

/** Runs `task` at once and then every `intervalMs`; `stopped()` lets a long run end early. */
export function startPeriodic(task: (stopped: () => boolean) => Promise<void>, intervalMs: number): PeriodicJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = task(() => stopped).finally(() => {
      running = null;
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
