/**
 * Runs `task` every `everyMs` until the returned stop function is called, without keeping the
 * process alive. Made at the composition root (a real timer) and passed down, like the clock.
 */
export type Repeat = (everyMs: number, task: () => void) => () => void;
