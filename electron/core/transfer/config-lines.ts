/**
 * The two line formats bridges are written in besides HOCON: `key = value` lines (NanoMQ's
 * `nanomq_bridge.conf` before 0.14, EMQX 4's cuttlefish `emqx.conf`) and mosquitto.conf's
 * `option value` lines (mosquitto.conf(5): one option per line, `#` starts a comment line, no
 * quoting). Both are simple enough that a library would add nothing; each malformed line is
 * refused with its line and column.
 */
import { err, ok, type Result } from '../../../shared/result';
import type { HoconSyntaxError } from './hocon';

/** One `key value` line. */
export interface ConfigLine {
  key: string;
  value: string;
  line: number;
  /** Column of the value (1-based). */
  valueColumn: number;
}

const lines = (text: string) => text.replace(/^\uFEFF/, '').split(/\r?\n/);

/** `key = value` (or `key=value`) lines; `#` and `!` start comment lines. A value in double quotes loses them. */
export function parseKeyValueLines(text: string): Result<ConfigLine[], HoconSyntaxError> {
  const out: ConfigLine[] = [];
  const all = lines(text);
  for (let n = 0; n < all.length; n++) {
    const raw = all[n]!;
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body === '' || body.startsWith('#') || body.startsWith('!')) continue;
    const eq = body.indexOf('=');
    if (eq < 0) return err({ line: n + 1, column: lead + 1, message: `Expected "key = value", found "${body.slice(0, 60)}".` });
    const key = body.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.\-$]+$/.test(key))
      return err({
        line: n + 1,
        column: lead + 1,
        message:
          key === '' ? 'A line starts with "=": the key is missing.' : `"${key.slice(0, 60)}" is not a key (letters, digits, _ . - only).`,
      });
    const after = body.slice(eq + 1);
    let value = after.trim();
    const valueColumn = lead + eq + 2 + (after.length - after.trimStart().length);
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"'))
        return err({ line: n + 1, column: valueColumn, message: `The quoted value of ${key} is not closed.` });
      value = value.slice(1, -1);
    }
    out.push({ key, value, line: n + 1, valueColumn });
  }
  return ok(out);
}

/** mosquitto.conf: `option value…` lines; options are lower-case words. */
export function parseMosquittoConf(text: string): Result<ConfigLine[], HoconSyntaxError> {
  const out: ConfigLine[] = [];
  const all = lines(text);
  for (let n = 0; n < all.length; n++) {
    const raw = all[n]!;
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (body === '' || body.startsWith('#')) continue;
    const m = /^(\S+)(\s+([\s\S]*))?$/.exec(body)!;
    const key = m[1]!;
    if (!/^[a-z0-9_]+$/.test(key)) {
      const hint = key.includes('=') ? ' (mosquitto.conf has no "=": write "option value")' : '';
      return err({ line: n + 1, column: lead + 1, message: `"${key.slice(0, 60)}" is not a mosquitto option${hint}.` });
    }
    const value = (m[3] ?? '').trim();
    const valueColumn = value === '' ? lead + key.length + 1 : raw.indexOf(value, lead + key.length) + 1;
    out.push({ key, value, line: n + 1, valueColumn });
  }
  return ok(out);
}
