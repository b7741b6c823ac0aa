// Where the CNs of a batch come from: a pattern (`device-{n}`, `{uuid}`) or a list pasted or read
// from a text or CSV file.
import { randomUUID } from 'node:crypto';
import type { Result } from '../../../shared/result';
import { err, ok } from '../../../shared/result';

/** RFC 5280 ub-common-name. */
const MAX_CN = 64;

export interface NamesError {
  code: 'names-invalid';
  message: string;
}

/** `count` CNs from a pattern: `{n}` the number, zero-padded to at least 3 digits (device-001), `{uuid}` a random UUID. */
export function namesFromPattern(pattern: string, count: number): Result<string[], NamesError> {
  if (count > 1 && !pattern.includes('{n}') && !pattern.includes('{uuid}')) {
    return err({
      code: 'names-invalid',
      message: `The CN pattern "${pattern}" has neither {n} nor {uuid}: all ${count} devices would get the same CN.`,
    });
  }
  const width = Math.max(3, String(count).length);
  const names: string[] = [];
  for (let n = 1; n <= count; n++) {
    const name = pattern.replaceAll('{n}', String(n).padStart(width, '0')).replace(/\{uuid\}/g, () => randomUUID());
    if (name.length > MAX_CN)
      return err({ code: 'names-invalid', message: `The CN "${name}" is longer than ${MAX_CN} characters (RFC 5280 ub-common-name).` });
    names.push(name);
  }
  return ok(names);
}

/**
 * CNs from a text list (one per line) or a CSV file: the column headed `cn`, `common_name`,
 * `commonName` or `name` when there is a header, else the first column. Blank lines and lines
 * starting with `#` are skipped.
 */
export function namesFromList(text: string): Result<string[], NamesError> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) return err({ code: 'names-invalid', message: 'The list of CNs is empty.' });
  const rows = lines.map(csvFields);
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  let column = header.findIndex((h) => ['cn', 'common_name', 'commonname', 'name'].includes(h));
  const body = column >= 0 ? rows.slice(1) : rows;
  if (column < 0) column = 0;
  const names = body.map((fields) => (fields[column] ?? '').trim());
  return validateNames(names);
}

/** Every CN non-empty, at most 64 characters, and unique. */
export function validateNames(names: string[]): Result<string[], NamesError> {
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') return err({ code: 'names-invalid', message: `Entry ${i + 1} of the list has an empty CN.` });
    if (name.length > MAX_CN)
      return err({ code: 'names-invalid', message: `The CN "${name}" is longer than ${MAX_CN} characters (RFC 5280 ub-common-name).` });
    if (seen.has(name)) return err({ code: 'names-invalid', message: `The CN "${name}" appears twice: one device, one CN.` });
    seen.add(name);
  }
  return ok(names);
}

/** One CSV line (RFC 4180 quoting: "a, b" and "" for a quote). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Quotes a CSV field when it needs it (RFC 4180 §2). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** File-name stems for CNs: safe characters only, unique even on case-insensitive file systems. */
export function fileStems(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base =
      name
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^\.+/, '_')
        .slice(0, 64) || 'device';
    let stem = base;
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    used.add(stem.toLowerCase());
    return stem;
  });
}
