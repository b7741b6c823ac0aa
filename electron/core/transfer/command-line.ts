/**
 * A pasted shell command line as words, the way a POSIX shell would split it (shell-quote does
 * the quoting and escapes), with each word's line and column for error messages. Lines joined
 * with a trailing backslash are one command; `#` comment lines, a leading `$ ` prompt, `sudo`,
 * `env` and `NAME=value` assignments are skipped; of `a && b; c` the first command Keyhole knows is
 * read. `$NAME` is never expanded from this process's environment: it stays a reference, which
 * the reader of a secret may look up where the host allows (the CLI).
 */
import { parse } from 'shell-quote';
import { err, ok, type Result } from '../../../shared/result';
import type { HoconSyntaxError } from './hocon';

export interface Word {
  text: string;
  /** The variable when the whole word is `$NAME` / `"${NAME}"`; its text is then `$NAME`. */
  env: string | null;
  line: number;
  column: number;
}

export type Tool = 'mosquitto' | 'mqttx' | 'openssl' | 'keyhole';

export interface CommandLine {
  tool: Tool;
  /** The program as written (`mosquitto_sub`, `/usr/bin/openssl`, `npx keyhole`). */
  program: string;
  /** The words after the program (for openssl, after `s_client`; for mqttx and keyhole, after the subcommand). */
  args: Word[];
  /** `conn`, `sub`, `pub` (mqttx), `connect` (keyhole), `pub` / `sub` / `rr` (mosquitto). */
  subcommand: string | null;
  /** `NAME=value` assignments before the command (they apply to it). */
  assignments: Record<string, string>;
  /** Other commands on the same line or in the text, not read. */
  skipped: string[];
  line: number;
}

// Private-use characters mark where the shell would expand a variable.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SENTINEL = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'command', 'nohup']);

/** The first unclosed quote of a line (offset), or -1. */
function unclosedQuote(line: string): number {
  let quote: string | null = null;
  let at = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
    } else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return -1;
    else if (c === "'" || c === '"') {
      quote = c;
      at = i;
    }
  }
  return quote ? at : -1;
}

interface Logical {
  text: string;
  /** Offset of `text` in the whole input. */
  offset: number;
}

function logicalLines(input: string): Logical[] {
  // A backslash before a line break joins the lines; spaces keep every offset where it was.
  const joined = input.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length));
  const out: Logical[] = [];
  let offset = 0;
  for (const text of joined.split('\n')) {
    out.push({ text: text.replace(/\r$/, ''), offset });
    offset += text.length + 1;
  }
  return out;
}

function position(input: string, offset: number): { line: number; column: number } {
  const before = input.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Splits one line into words with positions; operators (`;`, `&&`, `|`) become null. */
function words(input: string, l: Logical): (Word | null)[] {
  const tokens = parse(l.text, (key) => `${OPEN}${key}${CLOSE}`);
  const out: (Word | null)[] = [];
  let cursor = 0;
  for (const t of tokens) {
    if (typeof t === 'object' && 'comment' in t) break;
    if (typeof t === 'object' && 'op' in t && t.op !== 'glob') {
      out.push(null);
      continue;
    }
    const raw = typeof t === 'string' ? t : (t as { pattern: string }).pattern;
    const whole = new RegExp(`^${OPEN}([^${CLOSE}]*)${CLOSE}$`).exec(raw);
    const text = raw.replace(SENTINEL, (_m, k: string) => `$${k}`);
    const probes = whole ? [`"\${${whole[1]}}"`, `\${${whole[1]}}`, `"$${whole[1]}"`, `$${whole[1]}`] : [text, text.slice(0, 8)];
    let found = -1;
    for (const p of probes) if (p && (found = l.text.indexOf(p, cursor)) >= 0) break;
    const at = found >= 0 ? found : cursor;
    cursor = found >= 0 ? found + 1 : cursor;
    out.push({ text, env: whole ? whole[1]! : null, ...position(input, l.offset + at) });
  }
  return out;
}

const base = (w: string) =>
  w
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.(exe|mjs|js|cmd)$/, '');

/** Recognises the command among `words`, after wrappers and assignments. */
function recognise(ws: Word[]): Omit<CommandLine, 'skipped' | 'line'> | null {
  const assignments: Record<string, string> = {};
  let i = 0;
  for (; i < ws.length; i++) {
    const w = ws[i]!.text;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w);
    if (m) assignments[m[1]!] = m[2]!;
    else if (!WRAPPERS.has(w) && !(w.startsWith('-') && ws[i - 1] && WRAPPERS.has(ws[i - 1]!.text))) break;
  }
  let program = ws[i]?.text;
  if (program === undefined) return null;
  if (['npx', 'node', 'pnpm', 'yarn'].includes(base(program)) && ws[i + 1]) {
    i++;
    program = `${program} ${ws[i]!.text}`;
  }
  const name = base(program.split(' ').pop()!);
  const rest = ws.slice(i + 1);
  if (/^mosquitto_(pub|sub|rr)$/.test(name)) return { tool: 'mosquitto', program, args: rest, subcommand: name.slice(10), assignments };
  if (name === 'mqttx') return { tool: 'mqttx', program, args: rest.slice(1), subcommand: rest[0]?.text ?? null, assignments };
  if (name === 'openssl' && rest[0]?.text === 's_client')
    return { tool: 'openssl', program, args: rest.slice(1), subcommand: 's_client', assignments };
  if (name === 'keyhole') return { tool: 'keyhole', program, args: rest.slice(1), subcommand: rest[0]?.text ?? null, assignments };
  return null;
}

/** The first command Keyhole reads in the text; an error names the line and column where it went wrong. */
export function readCommandLine(input: string): Result<CommandLine, HoconSyntaxError> {
  const skipped: string[] = [];
  const exported: Record<string, string> = {};
  let first: { word: Word; text: string } | null = null;
  let found: CommandLine | null = null;
  for (const l of logicalLines(input.replace(/^\uFEFF/, ''))) {
    const lead = l.text.length - l.text.trimStart().length;
    const body = l.text.trim();
    if (body === '' || body.startsWith('#')) continue;
    const prompt = /^\$\s+/.exec(body);
    const line: Logical = prompt ? { text: ' '.repeat(lead + prompt[0].length) + body.slice(prompt[0].length), offset: l.offset } : l;
    const open = unclosedQuote(line.text);
    if (open >= 0) {
      const at = position(input, line.offset + open);
      return err({ ...at, message: `The quote ${line.text[open]} opened here is never closed.` });
    }
    let split: (Word | null)[];
    try {
      split = words(input, line);
    } catch (e) {
      // shell-quote throws on a substitution it cannot read (`${` followed by bytes that end no name).
      const why = e instanceof Error ? e.message.split(':')[0]! : 'unreadable';
      return err({ ...position(input, line.offset), message: `This line cannot be split into words as a shell would (${why}).` });
    }
    let segment: Word[] = [];
    const segments: Word[][] = [];
    for (const w of split) {
      if (w === null) {
        segments.push(segment);
        segment = [];
      } else segment.push(w);
    }
    segments.push(segment);
    for (const s of segments.filter((x) => x.length)) {
      if (!found && s[0]!.text === 'export') {
        for (const w of s.slice(1)) {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.text);
          if (m) exported[m[1]!] = m[2]!;
        }
        continue;
      }
      const r: ReturnType<typeof recognise> = found ? null : recognise(s);
      if (r) found = { ...r, skipped, line: s[0]!.line };
      else {
        first ??= { word: s[0]!, text: s.map((w) => w.text).join(' ') };
        skipped.push(
          s
            .map((w) => w.text)
            .join(' ')
            .slice(0, 80),
        );
      }
    }
  }
  if (found) return ok({ ...found, assignments: { ...exported, ...found.assignments } });
  if (!first) return err({ line: 1, column: 1, message: 'There is no command in the text.' });
  return err({
    line: first.word.line,
    column: first.word.column,
    message: `"${first.text.split(' ')[0]}" is not a command Keyhole reads: it reads mosquitto_pub / mosquitto_sub, mqttx conn|sub|pub, openssl s_client and keyhole connect.`,
  });
}
