import { CommsplanError } from '../shared/errors.js';
import { DIRECTORY_FIELDS, type DirectoryField, findField } from './directory-fields.js';

/**
 * A small filter language over people's fields, such as
 * `department = "Pharmacy" and mobile` or `combined_size > 3.5 GB and not migrated`.
 * It is parsed into a tree; it never reaches the database as text.
 */
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'flag'; field: DirectoryField }
  | { kind: 'compare'; field: DirectoryField; operator: ComparisonOperator; value: string | number };

export type ComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'contains' | 'starts_with';

type Token = { type: 'word' | 'string' | 'number' | 'operator' | 'paren'; text: string; at: number };

const TOKEN = /\s*(?:(\(|\))|("(?:[^"\\]|\\.)*")|(!=|>=|<=|=|>|<)|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*))/y;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/**
 * Bounds that keep a filter, and the SQL made from it, well inside what the parser's stack and
 * SQLite's expression depth (1,000) allow: brackets and `not` nested at most this deep, at most
 * this many conditions, and at most this many characters.
 */
export const FILTER_LIMITS = { nesting: 32, conditions: 200, characters: 10_000 } as const;

function filterError(source: string, at: number, message: string): CommsplanError {
  return new CommsplanError('invalid-input', `Filter "${shortened(source)}", at character ${at + 1}: ${message}`, {
    field: 'filter',
    value: source,
  });
}

/** A long filter quoted in a message: its start, so the message stays readable. */
function shortened(source: string): string {
  return source.length > 80 ? `${source.slice(0, 80)}...` : source;
}

function tokenise(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    if (/^\s*$/.test(source.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(source);
    if (!match)
      throw filterError(
        source,
        position,
        `"${source.slice(position).trim()[0]}" is not allowed here. Use field names, "quoted text", numbers, = != > < and, or, not, brackets.`,
      );
    const at = match.index + match[0].length - match[0].trimStart().length;
    if (match[1]) tokens.push({ type: 'paren', text: match[1], at });
    else if (match[2]) tokens.push({ type: 'string', text: JSON.parse(match[2]) as string, at });
    else if (match[3]) tokens.push({ type: 'operator', text: match[3], at });
    else if (match[4]) tokens.push({ type: 'number', text: match[4], at });
    else tokens.push({ type: 'word', text: (match[5] as string).toLowerCase(), at });
    position = TOKEN.lastIndex;
  }
  return tokens;
}

class Parser {
  private index = 0;
  private depth = 0;
  private conditions = 0;
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw filterError(this.source, 0, 'the filter is empty.');
    const node = this.or();
    const extra = this.peek();
    if (extra) throw filterError(this.source, extra.at, `unexpected "${extra.text}": join conditions with "and" or "or".`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private take(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw filterError(this.source, this.source.length, 'the filter ends too soon.');
    return token;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token?.type === 'word' && token.text === text;
  }

  private or(): FilterNode {
    let node = this.and();
    while (this.isWord('or')) {
      this.take();
      node = { kind: 'or', left: node, right: this.and() };
    }
    return node;
  }

  private and(): FilterNode {
    let node = this.not();
    while (this.isWord('and')) {
      this.take();
      node = { kind: 'and', left: node, right: this.not() };
    }
    return node;
  }

  private not(): FilterNode {
    if (this.isWord('not')) {
      const token = this.take();
      return this.nested(token, () => ({ kind: 'not', operand: this.not() }));
    }
    return this.atom();
  }

  /** Parses what a bracket or `not` holds, refusing nesting deeper than the limit. */
  private nested(token: Token, inner: () => FilterNode): FilterNode {
    if (this.depth >= FILTER_LIMITS.nesting)
      throw filterError(
        this.source,
        token.at,
        `brackets and "not" are nested more than ${FILTER_LIMITS.nesting} deep. Write the filter more simply.`,
      );
    this.depth += 1;
    const node = inner();
    this.depth -= 1;
    return node;
  }

  private atom(): FilterNode {
    const token = this.take();
    if (token.type === 'paren' && token.text === '(') {
      return this.nested(token, () => {
        const node = this.or();
        const close = this.take();
        if (close.text !== ')') throw filterError(this.source, close.at, 'a bracket is not closed.');
        return node;
      });
    }
    if (++this.conditions > FILTER_LIMITS.conditions)
      throw filterError(this.source, token.at, `a filter can hold at most ${FILTER_LIMITS.conditions} conditions.`);
    if (token.type !== 'word') throw filterError(this.source, token.at, `expected a field name, found "${token.text}".`);
    const field = findField(token.text);
    if (!field)
      throw filterError(
        this.source,
        token.at,
        `"${token.text}" is not a field. Fields: ${DIRECTORY_FIELDS.map((f) => f.name).join(', ')}.`,
      );
    const next = this.peek();
    const operator =
      next?.type === 'operator'
        ? next.text
        : next?.type === 'word' && ['contains', 'starts_with'].includes(next.text)
          ? next.text
          : undefined;
    if (!operator) {
      if (field.kind !== 'flag')
        throw filterError(
          this.source,
          token.at,
          `${field.name} needs a comparison, such as ${field.name} ${field.kind === 'size' ? '> 3 GB' : '= "text"'}.`,
        );
      return { kind: 'flag', field };
    }
    this.take();
    return { kind: 'compare', field, operator: operator as ComparisonOperator, value: this.value(field, operator) };
  }

  private value(field: DirectoryField, operator: string): string | number {
    const token = this.take();
    if (field.kind === 'flag')
      throw filterError(this.source, token.at, `${field.name} is yes or no: write "${field.name}" or "not ${field.name}".`);
    if (field.kind === 'text') {
      if (token.type !== 'string') throw filterError(this.source, token.at, `compare ${field.name} with "quoted text".`);
      if (!['=', '!=', 'contains', 'starts_with'].includes(operator))
        throw filterError(this.source, token.at, `${field.name} is text: use =, !=, contains or starts_with.`);
      return token.text;
    }
    if (token.type !== 'number') throw filterError(this.source, token.at, `compare ${field.name} with a size such as 3.5 GB.`);
    if (['contains', 'starts_with'].includes(operator))
      throw filterError(this.source, token.at, `${field.name} is a size: use = != > >= < <=.`);
    const unit = this.peek()?.type === 'word' && SIZE_UNITS[this.peek()?.text ?? ''] ? (this.take().text as string) : 'b';
    return Math.round(Number(token.text) * (SIZE_UNITS[unit] as number));
  }
}

export function parseFilter(source: string): FilterNode {
  if (source.length > FILTER_LIMITS.characters)
    throw new CommsplanError(
      'invalid-input',
      `The filter "${shortened(source)}" is ${source.length} characters long: a filter can be at most ${FILTER_LIMITS.characters} characters.`,
      { field: 'filter', value: source },
    );
  return new Parser(source, tokenise(source)).parse();
}
