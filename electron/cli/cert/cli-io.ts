// What every `keyhole cert` command shares: reading input files, secrets from the environment,
// writing outputs (keys and other secrets 0600, never over an existing file unless --force),
// validity windows from flags, and the mapping of failures to exit codes.
import { constants } from 'node:fs';
import { chmod, mkdir, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Command } from 'commander';
import type { ValidityWindow } from '../../../shared/certs/issue';
import { MAX_INSPECT_BYTES, readBoundedFile } from '../../core/certs/bounded-read';
import type { FileBytes } from '../../core/certs/material';
import { CERT_EXIT, RunError, UsageError } from '../exit-codes';
import { printable } from '../printable';
import { promptHidden } from '../prompt';

const DAY_MS = 86_400_000;

/** Runs a command body; usage errors exit 64, run errors 2, with the command's name in front. */
export function action<A extends unknown[]>(name: string, body: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = await body(...args);
    } catch (e) {
      if (e instanceof UsageError) {
        console.error(`keyhole cert ${name}: ${printable(e.message)}`);
        process.exitCode = CERT_EXIT.usage;
      } else if (e instanceof RunError) {
        console.error(`keyhole cert ${name}: ${printable(e.message)}`);
        process.exitCode = CERT_EXIT.failed;
      } else throw e;
    }
  };
}

/** A file named on the command line; `-` is standard input (pasted PEM). */
export async function readInputFile(flag: string, path: string): Promise<FileBytes> {
  try {
    if (path === '-') return { name: 'stdin', bytes: new Uint8Array(await readStdin()) };
    const read = await readBoundedFile(path, MAX_INSPECT_BYTES);
    if (!read.ok) throw new UsageError(`cannot read ${flag}: ${read.error.message}`);
    return { name: basename(path), bytes: new Uint8Array(read.value) };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${flag} ${path}: ${why(e)}`);
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function why(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'EEXIST':
      return 'it exists already';
    default:
      return String(code ?? (e instanceof Error ? e.message : e));
  }
}

/** A secret from the environment variable a flag names; undefined when the flag is absent. */
export function secretFromEnv(flag: string, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = process.env[name];
  if (value === undefined) throw new UsageError(`${flag} names ${name}, but that environment variable is not set`);
  return value;
}

/** The passphrase of an encrypted CA key: from the variable a flag names, else asked on a terminal. */
export async function caPassphrase(flag: string, envName: string | undefined, dir: string): Promise<string> {
  const fromEnv = secretFromEnv(flag, envName);
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY)
    throw new UsageError(`the CA key in ${dir} is encrypted: name the variable holding its passphrase with ${flag}`);
  return promptHidden(`Passphrase of the CA key in ${dir}: `);
}

export interface WriteOptions {
  secret: boolean;
  force: boolean;
}

/** Writes a file (creating folders); secrets get mode 0600 from the start, and nothing is overwritten without --force. */
export async function writeOutput(path: string, contents: string | Uint8Array, options: WriteOptions): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const flags = constants.O_WRONLY | constants.O_CREAT | (options.force ? constants.O_TRUNC : constants.O_EXCL);
  let handle;
  try {
    handle = await open(path, flags, options.secret ? 0o600 : 0o644);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new UsageError(`${path} exists already: choose another place, or add --force to overwrite it`);
    throw new RunError(`cannot write ${path}: ${why(e)}`);
  }
  try {
    await handle.writeFile(contents);
    // An existing file keeps its mode when overwritten: a secret must not stay world-readable.
    if (options.secret) await chmod(path, 0o600);
  } finally {
    await handle.close();
  }
}

/** A point in time: an ISO date, `now`, or an offset from now such as `-30d`, `+12h`, `+365d`. */
export function parseInstant(flag: string, raw: string, now: Date): Date {
  if (raw === 'now') return now;
  const offset = /^([+-]?)(\d+)([dhm])$/.exec(raw);
  if (offset) {
    const unit = offset[3] === 'd' ? DAY_MS : offset[3] === 'h' ? 3_600_000 : 60_000;
    const sign = offset[1] === '-' ? -1 : 1;
    return new Date(now.getTime() + sign * Number(offset[2]) * unit);
  }
  const date = new Date(raw);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(
      `${flag} takes an ISO date (2027-01-31, 2027-01-31T12:00:00Z), "now" or an offset such as -30d or +365d, not "${raw}"`,
    );
  return date;
}

export interface ValidityFlags {
  days?: string;
  notBefore?: string;
  notAfter?: string;
}

/** The validity window from --days / --not-before / --not-after; starts an hour back by default (clock skew). */
export function validityFrom(flags: ValidityFlags, defaultDays: number, now: Date): ValidityWindow {
  const days = flags.days === undefined ? defaultDays : Number(flags.days);
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw new UsageError(`--days takes a whole number from 1 to 36500, not "${flags.days}"`);
  if (flags.days !== undefined && flags.notAfter !== undefined) throw new UsageError('give --days or --not-after, not both');
  const notBefore = flags.notBefore ? parseInstant('--not-before', flags.notBefore, now) : new Date(now.getTime() - 3_600_000);
  const notAfter = flags.notAfter ? parseInstant('--not-after', flags.notAfter, now) : new Date(notBefore.getTime() + days * DAY_MS);
  if (notAfter <= notBefore)
    throw new UsageError(`the certificate would end (${notAfter.toISOString()}) before it begins (${notBefore.toISOString()})`);
  return { notBefore: notBefore.toISOString(), notAfter: notAfter.toISOString() };
}

/** The validity options every issuing command takes. */
export function validityOptions(command: Command, defaultDays: number): Command {
  return command
    .option('--days <n>', `validity in days (default ${defaultDays})`)
    .option('--not-before <when>', 'start: ISO date, "now" or an offset such as -30d (default: an hour ago)')
    .option('--not-after <when>', 'end: ISO date or an offset such as +365d or -1d (a window wholly in the past or future is allowed)');
}

/** commander collector for repeatable options. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** A whole number flag within bounds. */
export function intFlag(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
}
