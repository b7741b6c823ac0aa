// Certificate material for transfer tests, taken from the v1 store fixture (a CA, a client
// certificate and its encrypted key, made for the fixtures only), so no PKI is generated here.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface V1 {
  profiles: { material: { ca: { id: string }[]; cert: { id: string }; key: { id: string } } }[];
  vault: { files: Record<string, string> };
}
const v1 = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/store/v1/profiles.json'), 'utf8')) as V1;
const m = v1.profiles[0]!.material;
const bytes = (id: string) => Buffer.from(v1.vault.files[id]!, 'base64');

export const KEY_PASSPHRASE = 'fixture-passphrase';
export const CA_PEM = bytes(m.ca[0]!.id);
export const CERT_PEM = bytes(m.cert.id);
export const ENCRYPTED_KEY_PEM = bytes(m.key.id);
/** The same key, unencrypted (PKCS#8 PEM). */
export const KEY_PEM = Buffer.from(
  createPrivateKey({ key: ENCRYPTED_KEY_PEM, passphrase: KEY_PASSPHRASE }).export({ type: 'pkcs8', format: 'pem' }) as string,
);

/** The base64 body lines of a PEM file: what must never appear in clear where secrets must not. */
export function pemBodyLines(pem: Buffer | string): string[] {
  return pem
    .toString()
    .split('\n')
    .filter((l) => l.length >= 40 && !l.startsWith('-----'));
}
