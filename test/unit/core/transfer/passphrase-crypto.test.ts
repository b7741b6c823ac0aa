import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, decryptWithPassphrase, encryptWithPassphrase } from '../../../../electron/core/transfer/passphrase-crypto';

describe('passphrase encryption of an export', () => {
  it('uses scrypt N=2^15, r=8, p=1 by default, with a fresh salt and IV each time', async () => {
    const plain = Buffer.from('{"p1":{"password":"x","files":{}}}');
    const a = await encryptWithPassphrase(plain, 'correct horse battery');
    const b = await encryptWithPassphrase(plain, 'correct horse battery');
    expect(a.kdf).toMatchObject({ name: 'scrypt', N: 32768, r: 8, p: 1, keyLength: 32 });
    expect(DEFAULT_SCRYPT).toEqual({ N: 32768, r: 8, p: 1 });
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.cipher.iv).not.toBe(b.cipher.iv);
    const opened = await decryptWithPassphrase(a, 'correct horse battery');
    expect(opened.ok && opened.plaintext.toString()).toBe(plain.toString());
    expect(await decryptWithPassphrase(a, 'correct horse battery!')).toEqual({ ok: false, error: { kind: 'wrong-passphrase' } });
  });

  it('treats the passphrase in its Unicode normal form (é typed two ways opens the same file)', async () => {
    const sealed = await encryptWithPassphrase(Buffer.from('x'), 'caf\u00e9 au lait', { N: 1024, r: 8, p: 1 });
    expect((await decryptWithPassphrase(sealed, 'cafe\u0301 au lait')).ok).toBe(true);
  });

  it('refuses key-derivation costs a crafted file could use to exhaust memory', async () => {
    const sealed = await encryptWithPassphrase(Buffer.from('x'), 'pw pw pw pw', { N: 1024, r: 8, p: 1 });
    expect(await decryptWithPassphrase({ ...sealed, kdf: { ...sealed.kdf, N: 1 << 20, r: 32 } }, 'pw pw pw pw')).toMatchObject({
      ok: false,
      error: { kind: 'unsupported' },
    });
    expect(await decryptWithPassphrase({ ...sealed, kdf: { ...sealed.kdf, N: 3000 } }, 'pw pw pw pw')).toMatchObject({
      ok: false,
      error: { kind: 'unsupported', message: expect.stringMatching(/power of two/) },
    });
  });
});
