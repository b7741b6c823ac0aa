import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storedPassword } from '../../../../electron/core/certs/redis-script';
import { checkPassword } from '../../../../electron/core/lab/password-check';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const password = fc.string({ unit: 'binary', maxLength: 40 });

describe('checkPassword', () => {
  it('plain: equal strings only', async () => {
    expect(await checkPassword('secret', { value: 'secret' }, 'plain')).toEqual({ matches: true, problem: null });
    expect(await checkPassword('secret ', { value: 'secret' }, 'plain')).toEqual({ matches: false, problem: null });
    expect(await checkPassword('', { value: '' }, 'plain')).toEqual({ matches: true, problem: null });
  });

  it('sha256 with the salt before or after the password, hex in either case', async () => {
    expect(await checkPassword('pw', { value: sha('saltpw'), salt: 'salt' }, 'sha256-salt-prefix')).toMatchObject({ matches: true });
    expect(await checkPassword('pw', { value: sha('saltpw').toUpperCase(), salt: 'salt' }, 'sha256-salt-prefix')).toMatchObject({
      matches: true,
    });
    expect(await checkPassword('pw', { value: sha('pwsalt'), salt: 'salt' }, 'sha256-salt-suffix')).toMatchObject({ matches: true });
    expect(await checkPassword('pw', { value: sha('pwsalt'), salt: 'salt' }, 'sha256-salt-prefix')).toMatchObject({ matches: false });
    // No salt stored: the hash of the password alone.
    expect(await checkPassword('pw', { value: sha('pw') }, 'sha256-salt-suffix')).toMatchObject({ matches: true });
  });

  it('names what is wrong when the stored value cannot match anything, or nothing was sent', async () => {
    expect(await checkPassword(undefined, { value: 'x' }, 'plain')).toEqual({ matches: false, problem: 'no password was sent' });
    expect(await checkPassword('pw', { value: 'not-hex' }, 'sha256-salt-prefix')).toEqual({
      matches: false,
      problem: 'the stored value is not a hex SHA-256 hash',
    });
    expect(await checkPassword('pw', { value: 'pw' }, 'bcrypt')).toEqual({
      matches: false,
      problem: 'the stored value is not a bcrypt hash',
    });
  });

  // What the workbench writes into Redis (its batch script) is what the lab accepts, and only for that password.
  it.each(['plain', 'sha256-salt-prefix', 'sha256-salt-suffix'] as const)(
    'accepts exactly the password the workbench stored (%s)',
    async (hash) => {
      await fc.assert(
        fc.asyncProperty(password, password, async (right, other) => {
          const stored = await storedPassword(right, hash, 4);
          expect((await checkPassword(right, stored, hash)).matches).toBe(true);
          expect((await checkPassword(other, stored, hash)).matches).toBe(other === right);
        }),
      );
    },
  );

  it('accepts exactly the password the workbench stored (bcrypt)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), async (right, other) => {
        const stored = await storedPassword(right, 'bcrypt', 4);
        expect((await checkPassword(right, stored, 'bcrypt')).matches).toBe(true);
        expect((await checkPassword(other, stored, 'bcrypt')).matches).toBe(other === right);
      }),
      { numRuns: 10 },
    );
  });
});
