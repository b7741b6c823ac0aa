// The Redis side of "one device, one secret": a `HSET <prefix><CN> password <value>` line per
// device, loaded with `redis-cli < file`. redis-cli splits each line as sdssplitargs does, so a
// value with spaces, quotes or control characters is written in double quotes with \xHH
// escapes: a CN such as `a b` or `x\r\nFLUSHALL` stays one argument.
import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { PasswordHash } from '../../../shared/certs/batch';
import { RedisOptions } from '../../../shared/certs/batch';

/** What goes into Redis for one password: the stored value and, for salted hashes, the salt. */
export async function storedPassword(
  password: string,
  hash: PasswordHash,
  bcryptRounds: number,
): Promise<{ value: string; salt?: string }> {
  switch (hash) {
    case 'plain':
      return { value: password };
    case 'sha256-salt-prefix':
    case 'sha256-salt-suffix': {
      const salt = randomBytes(8).toString('hex');
      const input = hash === 'sha256-salt-prefix' ? salt + password : password + salt;
      return { value: createHash('sha256').update(input, 'utf8').digest('hex'), salt };
    }
    case 'bcrypt':
      return { value: await bcrypt.hash(password, bcryptRounds) };
    default: {
      const never: never = hash;
      return never;
    }
  }
}

/** One argument as redis-cli reads it: bare when safe, else double-quoted with escapes. */
export function redisArgument(value: string): string {
  if (/^[A-Za-z0-9._:@/+=$_-]+$/.test(value)) return value;
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** The HSET line of one device. */
export async function redisLine(commonName: string, password: string, input: RedisOptions = {}): Promise<string> {
  const options = RedisOptions.parse(input);
  const stored = await storedPassword(password, options.hash, options.bcryptRounds);
  const args = ['HSET', `${options.keyPrefix}${commonName}`, options.passwordField, stored.value];
  if (stored.salt !== undefined) args.push(options.saltField, stored.salt);
  return args.map(redisArgument).join(' ');
}
