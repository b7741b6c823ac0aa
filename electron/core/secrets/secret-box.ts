/**
 * How secrets are protected at rest: one interface, one implementation per host (Electron's
 * safeStorage in the app, a key file for the CLI and the web host, memory in tests). A sealed
 * value is a self-describing string (`<scheme>.<…>`), so a store can hold values sealed by more
 * than one box and tell which box may open each.
 */
import type { SecretBackend } from '../../../shared/profile/store-status';

export interface SecretBox {
  /** Encrypts one value; the result is safe to write to disk. */
  seal(plaintext: Uint8Array): Promise<string>;
  /** Decrypts a value sealed by this box; throws `SecretBoxError` when it cannot. */
  open(sealed: string): Promise<Uint8Array>;
  /** Whether a sealed value belongs to this kind of box (by its scheme prefix). */
  recognises(sealed: string): boolean;
  describe(): SecretBackend;
  /** After the user discarded values sealed with a lost key: a new key may be made (key-file box only). */
  allowNewKey?(): void;
}

/** Why a value could not be sealed or opened. */
export type SecretBoxFailure =
  /** The key (file) is not there, but values sealed with it exist. */
  | 'key-missing'
  /** The key file is readable by other users. */
  | 'key-permissions'
  /** The key file is not a key (wrong size, unreadable). */
  | 'key-damaged'
  /** Sealed with another key than the one this box has. */
  | 'wrong-key'
  /** The value fails authentication: changed on disk, or truncated. */
  | 'tampered'
  /** Not a value this box can read. */
  | 'unrecognised'
  /** The OS refused (keychain locked, encryption unavailable). */
  | 'unavailable';

export class SecretBoxError extends Error {
  constructor(
    readonly failure: SecretBoxFailure,
    message: string,
  ) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/** The failure of anything thrown by a box (a plain Error counts as `unavailable`). */
export const failureOf = (e: unknown): SecretBoxFailure => (e instanceof SecretBoxError ? e.failure : 'unavailable');

export const textBytes = (text: string): Uint8Array => new TextEncoder().encode(text);
export const bytesText = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);
