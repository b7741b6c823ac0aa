// The desktop app's secret box: Electron's safeStorage (macOS Keychain, Windows DPAPI, Linux
// libsecret/KWallet). Kept to a few lines: the logic of sealing lives in the store (core).
import type { SafeStorage } from 'electron';
import type { SecretBackend } from '../../shared/profile/store-status';
import { SecretBoxError, type SecretBox } from '../core/secrets/secret-box';

const SCHEME = 'ss1.';

export class SafeStorageSecretBox implements SecretBox {
  constructor(
    private readonly storage: SafeStorage,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  recognises(sealed: string): boolean {
    return sealed.startsWith(SCHEME);
  }

  async seal(plaintext: Uint8Array): Promise<string> {
    // encryptString takes text; base64 carries binary material (keys, bundles) through it.
    return SCHEME + this.storage.encryptString(Buffer.from(plaintext).toString('base64')).toString('base64');
  }

  async open(sealed: string): Promise<Uint8Array> {
    if (!this.recognises(sealed)) throw new SecretBoxError('unrecognised', 'This value was not sealed with the OS keychain.');
    try {
      return new Uint8Array(Buffer.from(this.storage.decryptString(Buffer.from(sealed.slice(SCHEME.length), 'base64')), 'base64'));
    } catch (e) {
      throw new SecretBoxError(
        'unavailable',
        `The OS keychain could not decrypt a stored secret (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
  }

  describe(): SecretBackend {
    if (this.platform === 'darwin') return { kind: 'safe-storage', secure: true, detail: 'macOS Keychain' };
    if (this.platform === 'win32') return { kind: 'safe-storage', secure: true, detail: 'Windows DPAPI' };
    const backend = this.storage.getSelectedStorageBackend();
    // basic_text: no keyring was found and Chromium falls back to a key compiled into Electron.
    if (backend === 'basic_text' || backend === 'unknown') {
      return {
        kind: 'safe-storage',
        secure: false,
        detail: backend,
        warning:
          'No OS keyring (GNOME Keyring, KWallet) is available, so saved secrets are only obfuscated with a key built into Electron: anyone who can read your files can read them. Run Keyhole in a desktop session with a keyring, or do not save secrets in profiles.',
      };
    }
    return { kind: 'safe-storage', secure: true, detail: backend };
  }
}
