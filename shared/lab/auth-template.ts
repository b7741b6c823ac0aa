// EMQX-style Redis query templates for the lab's authentication, e.g.
//   HMGET tls_domain:%C password
//   HMGET "tls_subject:%d" password salt
// A template is split into arguments once, when it is configured; each placeholder is later
// replaced inside its own argument, and the arguments go to Redis as separate bulk strings. A
// value such as `a b` or `x\r\nFLUSHALL` therefore stays one argument and can never become a
// second command (the RESP protocol length-prefixes every argument).
import { err, ok, type Result } from '../result';

/** `%u` username, `%c` client id, `%C` certificate CN, `%d` certificate subject DN (RFC 4514). */
export const PLACEHOLDERS = { u: 'username', c: 'client id', C: 'certificate CN', d: 'certificate subject DN' } as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

export type TemplatePart = { literal: string } | { placeholder: Placeholder };

/**
 * The read commands a template may use: the lab only reads. GET returns the password alone;
 * HGET one field; HMGET the password field and, optionally, the salt field.
 */
export const TEMPLATE_COMMANDS = ['HMGET', 'HGET', 'GET'] as const;
export type TemplateCommand = (typeof TEMPLATE_COMMANDS)[number];

export interface AuthTemplate {
  command: TemplateCommand;
  /** The arguments after the command, each a sequence of literal text and placeholders. */
  args: TemplatePart[][];
  /** How many values the command returns: the first is the password, the second (if any) the salt. */
  values: number;
  /** The template as given. */
  source: string;
}

export interface TemplateError {
  code: 'empty' | 'too-long' | 'control-character' | 'unbalanced-quote' | 'unknown-placeholder' | 'command' | 'arguments';
  message: string;
  /** 1-based column of the problem, when it has one. */
  column?: number;
}

export const MAX_TEMPLATE_LENGTH = 1000;

const fail = (code: TemplateError['code'], message: string, column?: number): Result<never, TemplateError> =>
  err(column === undefined ? { code, message } : { code, message, column });

const PLACEHOLDER_LIST = `%u (${PLACEHOLDERS.u}), %c (${PLACEHOLDERS.c}), %C (${PLACEHOLDERS.C}), %d (${PLACEHOLDERS.d})`;

interface Word {
  parts: TemplatePart[];
  column: number;
}

/** Appends literal text to a word, merging with a literal before it. */
function addLiteral(parts: TemplatePart[], text: string): void {
  const last = parts.at(-1);
  if (last && 'literal' in last) last.literal += text;
  else parts.push({ literal: text });
}

/**
 * Splits a template into words: whitespace separates, "double quotes" and 'single quotes'
 * group (inside double quotes `\"` and `\\` escape), `%` starts a placeholder and `%%` is a
 * percent sign, in quoted and bare text alike.
 */
function words(template: string): Result<Word[], TemplateError> {
  const out: Word[] = [];
  let current: Word | null = null;
  let quote: { char: '"' | "'"; column: number } | null = null;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    const column = i + 1;
    if (quote === null && (ch === ' ' || ch === '\t')) {
      if (current) out.push(current);
      current = null;
      continue;
    }
    current ??= { parts: [], column };
    if (quote === null && (ch === '"' || ch === "'")) {
      quote = { char: ch, column };
      addLiteral(current.parts, '');
      continue;
    }
    if (quote !== null && ch === quote.char) {
      quote = null;
      continue;
    }
    if (quote?.char === '"' && ch === '\\' && (template[i + 1] === '"' || template[i + 1] === '\\')) {
      addLiteral(current.parts, template[++i]!);
      continue;
    }
    if (ch === '%') {
      const next = template[i + 1];
      if (next === '%') {
        addLiteral(current.parts, '%');
        i++;
        continue;
      }
      if (next !== undefined && next in PLACEHOLDERS) {
        current.parts.push({ placeholder: next as Placeholder });
        i++;
        continue;
      }
      const shown = next === undefined ? '%' : `%${next}`;
      return fail(
        'unknown-placeholder',
        `Unknown placeholder "${shown}" at column ${column}: use ${PLACEHOLDER_LIST}, or %% for a percent sign.`,
        column,
      );
    }
    addLiteral(current.parts, ch);
  }
  if (quote !== null) {
    return fail('unbalanced-quote', `The ${quote.char} opened at column ${quote.column} is never closed.`, quote.column);
  }
  if (current) out.push(current);
  return ok(out);
}

/** Parses and checks a template; the error says what is wrong and where. */
export function parseAuthTemplate(template: string): Result<AuthTemplate, TemplateError> {
  if (template.trim() === '') return fail('empty', 'The query is empty: write a command such as HMGET tls_domain:%C password.');
  if (template.length > MAX_TEMPLATE_LENGTH) return fail('too-long', `The query is longer than ${MAX_TEMPLATE_LENGTH} characters.`);
  // Columns count UTF-16 code units, as the word splitter below does.
  const control = template.split('').findIndex((ch) => ch.charCodeAt(0) < 0x20 && ch !== '\t');
  if (control >= 0) {
    return fail(
      'control-character',
      `The query holds a control character (line break?) at column ${control + 1}: write it on one line.`,
      control + 1,
    );
  }
  const split = words(template);
  if (!split.ok) return split;
  const [first, ...rest] = split.value;
  const name = first?.parts.length === 1 && 'literal' in first.parts[0]! ? first.parts[0].literal.toUpperCase() : null;
  const command = TEMPLATE_COMMANDS.find((c) => c === name);
  if (!command) {
    return fail(
      'command',
      `The query must start with ${TEMPLATE_COMMANDS.join(', ')} (a plain word, no placeholder): the lab only reads from Redis.`,
      first?.column ?? 1,
    );
  }
  const args = rest.map((w) => w.parts);
  const expected = { GET: 'a key', HGET: 'a key and a field', HMGET: 'a key and one or two fields (password, then salt)' }[command];
  const count = args.length;
  const fits = command === 'GET' ? count === 1 : command === 'HGET' ? count === 2 : count === 2 || count === 3;
  if (!fits) return fail('arguments', `${command} takes ${expected}; the query gives ${count} argument${count === 1 ? '' : 's'}.`);
  return ok({ command, args, values: command === 'HMGET' ? count - 1 : 1, source: template });
}

/** What the placeholders stand for in one attempt (absent username: an empty string, as EMQX does). */
export type PlaceholderValues = Record<Placeholder, string>;

/** The arguments of one query: each placeholder replaced inside its own argument. */
export function renderAuthTemplate(template: AuthTemplate, values: PlaceholderValues): string[] {
  return template.args.map((parts) => parts.map((p) => ('literal' in p ? p.literal : values[p.placeholder])).join(''));
}

/** The command as a log line: arguments that are not plain words are shown JSON-quoted, so a CR/LF in a CN stays visible. */
export function describeQuery(command: string, args: readonly string[]): string {
  return [command, ...args.map((a) => (/^[\w.:@/+=-]+$/.test(a) ? a : JSON.stringify(a)))].join(' ');
}
