import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { redisArgument, redisLine, storedPassword } from '../../../../electron/core/certs/redis-script';

describe('redis script', () => {
  it('leaves safe arguments bare and quotes the rest with escapes', () => {
    expect(redisArgument('tls_domain:device-001')).toBe('tls_domain:device-001');
    expect(redisArgument('a b')).toBe('"a b"');
    expect(redisArgument('x\r\nFLUSHALL')).toBe('"x\\x0d\\x0aFLUSHALL"');
    expect(redisArgument('q"\\')).toBe('"q\\"\\\\"');
    expect(redisArgument('')).toBe('""');
    expect(redisArgument('ü')).toBe('"\\xc3\\xbc"');
  });

  it('writes one HSET per device with the chosen key prefix and fields', async () => {
    expect(await redisLine('dev 1', 'pw', {})).toBe('HSET "tls_domain:dev 1" password pw');
    expect(await redisLine('d', 'pw', { keyPrefix: 'mqtt_user:', passwordField: 'password_hash' })).toBe(
      'HSET mqtt_user:d password_hash pw',
    );
    const salted = (await redisLine('d', 'pw', { hash: 'sha256-salt-suffix', saltField: 'salt' })).split(' ');
    expect(salted[4]).toBe('salt');
    expect(salted[3]).toBe(createHash('sha256').update(`pw${salted[5]}`).digest('hex'));
  });

  it('hashes with salt prefix, suffix and bcrypt', async () => {
    const prefix = await storedPassword('secret', 'sha256-salt-prefix', 4);
    expect(prefix.value).toBe(createHash('sha256').update(`${prefix.salt}secret`).digest('hex'));
    expect(prefix.salt).toMatch(/^[0-9a-f]{16}$/);
    const crypt = await storedPassword('secret', 'bcrypt', 4);
    expect(crypt.value).toMatch(/^\$2b\$04\$/);
    expect(bcrypt.compareSync('secret', crypt.value)).toBe(true);
    expect(await storedPassword('secret', 'plain', 4)).toEqual({ value: 'secret' });
  });
});
