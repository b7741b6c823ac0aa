// Before the preflight: the costly part of opening an encrypted key or a PKCS#12 bundle runs on
// a worker thread (unlock-worker.ts), within the attempt's time limit and abort signal.
// A key is handed to the preflight decrypted. A bundle is opened on the worker, so that a wrong
// password, a damaged bundle or a time limit is answered without blocking the event loop, and
// handed to the preflight as its key and certificates, which TLS then takes as PEM: the main
// thread derives nothing. Only a bundle the worker opened but could not take apart (a structure
// pkcs12-walk-source.ts does not read) is loaded once more on the main thread, as before.
import { Buffer } from 'node:buffer';
import { kdfCostProblem, kdfTotal, kdfUses } from './kdf-cost';
import type { FileBytes, IdentityMaterial, IdentitySecrets, PreflightFailure } from './material';
import { failure } from './material';
import { latin1, looksLikePem, pemBlocks } from './pem';
import { pkcs12UnlockFailure } from './pkcs12';
import { encryptedKeyInput, keyUnlockFailure } from './private-key';
import { unlockOffThread, type UnlockOutcome } from './unlock-worker';

/** Derivations up to this many iterations (about 15 ms of OpenSSL) stay on the calling thread. */
export const INLINE_KDF_COST = 20_000;

export const UNLOCK_TIMEOUT_CODE = 'ERR_KEYHOLE_UNLOCK_TIMEOUT';

export type Unlocked = { kind: 'ready'; material: IdentityMaterial } | { kind: 'failed'; failure: PreflightFailure } | { kind: 'aborted' };

/** Opens the costly parts of `material` off the event loop; what the preflight should read next. */
export async function unlockMaterial(
  material: IdentityMaterial,
  secrets: IdentitySecrets,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Unlocked> {
  const keyFile = material.key ?? (material.pfx ? undefined : embeddedKey(material.cert));
  if (keyFile && secrets.passphrase) {
    const encrypted = encryptedKeyInput(keyFile);
    if (encrypted && encrypted.cost > INLINE_KDF_COST) {
      const outcome = await unlockOffThread(
        { kind: 'key', input: { ...encrypted.input, passphrase: secrets.passphrase } },
        timeoutMs,
        signal,
      );
      if (outcome.kind === 'done' && outcome.key) return { kind: 'ready', material: { ...material, unlockedKey: outcome.key } };
      return stopped(outcome, keyFile, 'key-invalid', timeoutMs) ?? { kind: 'ready', material };
    }
  }
  const pfx = material.pfx;
  const password = secrets.pfxPassword ?? secrets.passphrase;
  if (pfx && !looksLikePem(pfx.bytes)) {
    const uses = kdfUses(pfx.bytes);
    if (!kdfCostProblem(uses) && kdfTotal(uses) > INLINE_KDF_COST) {
      const outcome = await unlockOffThread({ kind: 'pfx', pfx: Buffer.from(pfx.bytes), passphrase: password }, timeoutMs, signal);
      if (outcome.kind === 'done' && outcome.pfx) {
        return { kind: 'ready', material: { ...material, openedPfx: { kind: 'decoded', ...outcome.pfx } } };
      }
      if (outcome.kind === 'failed') {
        const refused = pkcs12UnlockFailure(pfx, password, outcome.error);
        if (refused) return { kind: 'failed', failure: refused };
        // A cipher OpenSSL 3 refuses: the preflight goes straight to its legacy conversion.
        return { kind: 'ready', material: { ...material, openedPfx: { kind: 'unsupported', code: outcome.error.code ?? '' } } };
      }
      return stopped(outcome, pfx, 'pkcs12-invalid', timeoutMs) ?? { kind: 'ready', material };
    }
  }
  return { kind: 'ready', material };
}

function stopped(outcome: UnlockOutcome, file: FileBytes, cause: 'key-invalid' | 'pkcs12-invalid', timeoutMs: number): Unlocked | null {
  switch (outcome.kind) {
    case 'aborted':
      return { kind: 'aborted' };
    case 'timeout':
      return {
        kind: 'failed',
        failure: failure(
          cause,
          file.name,
          `Opening "${file.name}" did not finish within the time limit of ${timeoutMs} ms (its key derivation is costly); it was stopped.`,
          'Allow more time (--timeout), or re-encrypt the file with a usual iteration count such as 2048.',
          UNLOCK_TIMEOUT_CODE,
        ),
      };
    case 'failed':
      return cause === 'key-invalid' ? { kind: 'failed', failure: keyUnlockFailure(file, outcome.error) } : null;
    case 'done':
      return null;
  }
}

function embeddedKey(cert: FileBytes | undefined): FileBytes | undefined {
  if (!cert || !looksLikePem(cert.bytes)) return undefined;
  return pemBlocks(latin1(cert.bytes)).some((b) => b.label.endsWith('PRIVATE KEY')) ? cert : undefined;
}
