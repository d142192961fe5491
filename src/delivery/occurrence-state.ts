// The occurrence state machine lives with the plan, whose `check` reads it too.
export * from '../plan/occurrence-state.js';
