/**
 * Writes a value that keeps changing (a job's progress) one write at a time: while a write is on
 * its way, newer values replace each other and only the latest is written next. `settled` waits
 * for the last write, so a final write made after it cannot be overtaken.
 */
export function latestWins<T>(write: (value: T) => Promise<void>): { push(value: T): void; settled(): Promise<void> } {
  let pending: { value: T } | undefined;
  let running: Promise<void> | undefined;
  const drain = async () => {
    while (pending) {
      const { value } = pending;
      pending = undefined;
      await write(value);
    }
    running = undefined;
  };
  return {
    push(value) {
      pending = { value };
      running ??= drain();
    },
    settled: () => running ?? Promise.resolve(),
  };
}
