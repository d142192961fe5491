import { escapeControlCharacters, hasControlCharacters } from './control-characters.js';
import { CommsplanError, type ErrorCode } from './errors.js';

/** The longest name people may give a wave, an organisation, a closure day... */
export const NAME_MAX_LENGTH = 100;

export interface NameRule {
  /** What the name names, for the message: `The wave name`, `--owner`. */
  label: string;
  field: string;
  code?: ErrorCode;
  max?: number;
  /** What the message calls it: `a name` unless given (`a filter`, `a subject`). */
  noun?: string;
}

/** Why `name` cannot be used, or undefined when it is one line of at most `max` characters. */
export function nameProblem(name: string, max = NAME_MAX_LENGTH, noun = 'a name'): string | undefined {
  if (/[\r\n\u0085\u2028\u2029]/.test(name)) return `has a line break: ${noun} must be one line`;
  if (hasControlCharacters(name)) return 'holds a control character: use letters, digits, spaces and punctuation';
  if (name.length > max) return `is ${name.length} characters long: ${noun} can be at most ${max}`;
  return undefined;
}

/** The name trimmed, or a CommsplanError saying what is wrong with it; an empty name is for the caller to judge. */
export function requireSingleLineName(name: string, rule: NameRule): string {
  const trimmed = name.trim();
  const problem = nameProblem(trimmed, rule.max, rule.noun);
  if (problem === undefined) return trimmed;
  const shown = trimmed.length > 60 ? `${trimmed.slice(0, 60)}...` : trimmed;
  throw new CommsplanError(rule.code ?? 'invalid-input', `${rule.label} "${escapeControlCharacters(shown)}" ${problem}.`, {
    field: rule.field,
    value: name,
  });
}
