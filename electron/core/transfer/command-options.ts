/** The options of a command line against a table of what each takes, for the command-line readers. */
import { err, ok, type Result } from '../../../shared/result';
import type { Word } from './command-line';
import type { HoconSyntaxError } from './hocon';
import type { ProfileBuilder } from './profile-builder';

export interface OptionSpec {
  /** Every spelling (`-p`, `--port`). */
  names: string[];
  /**
   * How many words follow it: a count, `many` for every word up to the next option (commander's
   * `<x...>`), or a count decided by the words that follow (mosquitto's `-D`).
   */
  takes: number | 'many' | ((next: Word[]) => number);
}

export interface FoundOption {
  /** The first spelling in the table: the one the readers switch on. */
  key: string;
  /** As written on the command line. */
  name: string;
  values: Word[];
  word: Word;
}

export interface ParsedOptions {
  options: FoundOption[];
  positional: Word[];
  /** Options not in the table (left out, with a note). */
  unknown: Word[];
}

/** Style of the tool: commander (mqttx, keyhole) takes `--port=1883` and `-p1883`; getopt-like tools do not. */
export interface ParseStyle {
  attached: boolean;
}

/** Reads `args` against `specs`; an option missing its value is an error at that option. */
export function parseOptions(args: Word[], specs: OptionSpec[], style: ParseStyle): Result<ParsedOptions, HoconSyntaxError> {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) for (const n of s.names) byName.set(n, s);
  const out: ParsedOptions = { options: [], positional: [], unknown: [] };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    let name = word.text;
    let inline: Word | null = null;
    if (word.env === null && name === '--') {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (style.attached && name.startsWith('--') && name.includes('=')) {
      const eq = name.indexOf('=');
      inline = { ...word, text: name.slice(eq + 1), column: word.column + eq + 1 };
      name = name.slice(0, eq);
    } else if (style.attached && /^-[A-Za-z]./.test(name) && !byName.has(name) && byName.has(name.slice(0, 2))) {
      inline = { ...word, text: name.slice(2), column: word.column + 2 };
      name = name.slice(0, 2);
    }
    const spec = word.env === null ? byName.get(name) : undefined;
    if (!spec) {
      if (word.env === null && name.startsWith('-') && name.length > 1 && !/^-\d/.test(name)) out.unknown.push(word);
      else out.positional.push(word);
      continue;
    }
    const values: Word[] = inline ? [inline] : [];
    if (spec.takes === 'many') {
      while (i + 1 < args.length && !(args[i + 1]!.env === null && /^-[^\d]/.test(args[i + 1]!.text))) values.push(args[++i]!);
      if (!values.length) return err({ line: word.line, column: word.column, message: `${name} needs at least one value.` });
    } else {
      const takes = typeof spec.takes === 'function' ? spec.takes(args.slice(i + 1)) : spec.takes;
      while (values.length < takes) {
        const next = args[i + 1];
        if (!next)
          return err({
            line: word.line,
            column: word.column,
            message: `${name} needs ${takes === 1 ? 'a value' : `${takes} values`}, but the line ends.`,
          });
        values.push(next);
        i++;
      }
    }
    out.options.push({ key: spec.names[0]!, name, values, word });
  }
  return ok(out);
}

/** The value of an option as a port, or an error at it. */
export function portOf(o: FoundOption): Result<number, HoconSyntaxError> {
  const v = o.values[0]!;
  const n = Number(v.text);
  if (!/^\d+$/.test(v.text) || n < 1 || n > 65535)
    return err({ line: v.line, column: v.column, message: `${o.name} takes a port from 1 to 65535, not "${v.text}".` });
  return ok(n);
}

/** The value of an option as a whole number within bounds, or an error at it. */
export function intOf(o: FoundOption, max: number): Result<number, HoconSyntaxError> {
  const v = o.values[0]!;
  const n = Number(v.text);
  if (!/^\d+$/.test(v.text) || n > max)
    return err({ line: v.line, column: v.column, message: `${o.name} takes a whole number from 0 to ${max}, not "${v.text}".` });
  return ok(n);
}

/**
 * A secret given as an option's value: `$NAME` (read from the environment where the host
 * allows, or from an assignment on the line), or the value itself, which then also shows in the
 * process list of whoever ran it (worth a note).
 */
export function secretArg(
  b: ProfileBuilder,
  field: 'password' | 'passphrase' | 'pfxPassword',
  o: FoundOption,
  assignments: Record<string, string>,
): void {
  const v = o.values[0]!;
  const source = o.name;
  if (v.env !== null) {
    const assigned = assignments[v.env];
    if (assigned !== undefined && !assigned.includes('$')) b.secret(field, assigned, `${source} (from ${v.env}= on the line)`, v.line);
    else b.secretFromEnv(field, v.env, source, v.line);
  } else if (v.text.includes('$')) {
    b.secretAbsent(field, source, 'it is built from shell variables, which are not expanded here: enter it in the profile', v.line);
  } else {
    b.secret(field, v.text, source, v.line);
    b.note(
      `The line holds a secret in clear (${source}), visible in the process list and shell history of whoever runs it; Keyhole stores it sealed. Read it from an environment variable instead.`,
    );
  }
}

/** Records each option in `reasons` as left out, and the rest of the unknown ones too. */
export function ignoreRest(
  b: ProfileBuilder,
  parsed: ParsedOptions,
  handled: Set<string>,
  reasons: Record<string, string>,
  tool: string,
): void {
  for (const o of parsed.options) {
    if (handled.has(o.key)) continue;
    b.ignore(o.name, reasons[o.key] ?? 'not used by Keyhole', o.word.line);
  }
  for (const u of parsed.unknown) b.ignore(u.text, `not an option of ${tool} that Keyhole knows`, u.line);
  for (const p of parsed.positional) b.ignore(p.env ? `$${p.env}` : p.text, 'an argument Keyhole does not use', p.line);
}
