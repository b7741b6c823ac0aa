/**
 * The secret box of the CLI and the web host: AES-256-GCM under a random 32-byte key kept in a
 * file of the data folder with mode 0600 (DESIGN §5). The key file is created on the first
 * seal, atomically and never over an existing one; a key file others can read, or one missing
 * while values sealed with it exist, is an error that names the file and the fix.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretBackend } from '../../../shared/profile/store-status';
import { gcmDecrypt, gcmEncrypt, KEY_BYTES, packGcm, unpackGcm } from './aes-gcm';
import { SecretBoxError, type SecretBox } from './secret-box';

export const KEY_FILE_NAME = 'secret.key';
const SCHEME = 'kf1';
/** Binds every sealed value to this scheme, so a blob cannot be replayed under another format. */
const AAD = Buffer.from('keyhole key-file secret v1');

export interface KeyFileSecretBoxOptions {
  dataDir: string;
  /** Defaults to `secret.key`. */
  fileName?: string;
  /** Defaults to the running platform; on Windows file modes do not exist and are not checked. */
  platform?: NodeJS.Platform;
}

/** A short, non-secret name for a key, stored with each value so that "sealed with another key" can be told from "changed". */
function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update('keyhole key id\0').update(key).digest('hex').slice(0, 16);
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException).code;

export class KeyFileSecretBox implements SecretBox {
  readonly keyFile: string;
  private readonly dataDir: string;
  private readonly platform: NodeJS.Platform;
  private key: { bytes: Buffer; id: string } | null = null;
  /** Set once a value sealed with a key file we do not have was seen: a new key would orphan it. */
  private sealedWithMissingKey = false;
  private problem: string | null = null;
  private creating: Promise<void> | null = null;

  constructor(options: KeyFileSecretBoxOptions) {
    this.dataDir = options.dataDir;
    this.keyFile = join(options.dataDir, options.fileName ?? KEY_FILE_NAME);
    this.platform = options.platform ?? process.platform;
  }

  recognises(sealed: string): boolean {
    return sealed.startsWith(`${SCHEME}.`);
  }

  describe(): SecretBackend {
    return {
      kind: 'key-file',
      secure: true,
      detail: this.keyFile,
      ...(this.problem
        ? { warning: this.problem }
        : this.platform === 'win32'
          ? { warning: 'On Windows the key file is protected only by the access rights of its folder.' }
          : {}),
    };
  }

  /**
   * Allows a new key file once the user has given up the values sealed with the missing one
   * (they stay unreadable; new values get the new key).
   */
  allowNewKey(): void {
    this.sealedWithMissingKey = false;
    // The problem was those values; with them given up, the next seal makes a fresh key.
    this.problem = null;
  }

  async seal(plaintext: Uint8Array): Promise<string> {
    const key = await this.loadKey(true);
    const blob = packGcm(gcmEncrypt(key.bytes, plaintext, AAD));
    return `${SCHEME}.${key.id}.${blob.toString('base64url')}`;
  }

  async open(sealed: string): Promise<Uint8Array> {
    const parts = sealed.split('.');
    if (parts.length !== 3 || parts[0] !== SCHEME || !/^[0-9a-f]{16}$/.test(parts[1]!)) {
      throw new SecretBoxError('unrecognised', 'This value was not sealed with a Keyhole key file.');
    }
    let key: { bytes: Buffer; id: string };
    try {
      key = await this.loadKey(false);
    } catch (e) {
      if (e instanceof SecretBoxError && e.failure === 'key-missing') this.sealedWithMissingKey = true;
      throw e;
    }
    if (parts[1] !== key.id) {
      throw new SecretBoxError(
        'wrong-key',
        `This value was sealed with another key file (key ${parts[1]}); ${this.keyFile} holds key ${key.id}.`,
      );
    }
    const blob = unpackGcm(Buffer.from(parts[2]!, 'base64url'));
    const plain = blob && gcmDecrypt(key.bytes, blob, AAD);
    if (!plain) throw new SecretBoxError('tampered', 'A sealed value failed its integrity check: it was changed or damaged on disk.');
    return new Uint8Array(plain);
  }

  private fail(failure: SecretBoxError['failure'], message: string): never {
    this.problem = message;
    throw new SecretBoxError(failure, message);
  }

  private async loadKey(create: boolean): Promise<{ bytes: Buffer; id: string }> {
    if (this.key) return this.key;
    let info;
    try {
      info = await stat(this.keyFile);
    } catch (e) {
      if (errno(e) !== 'ENOENT') this.fail('key-damaged', `The key file ${this.keyFile} cannot be read (${errno(e) ?? String(e)}).`);
      if (!create)
        this.fail(
          'key-missing',
          `The key file ${this.keyFile} is missing, but the store holds secrets sealed with it. Restore the file (from a backup of this folder) to use them.`,
        );
      if (this.sealedWithMissingKey) {
        this.fail(
          'key-missing',
          `The key file ${this.keyFile} is missing, but the store holds secrets sealed with it; a new key would make them unreadable for good. Restore the file, or discard the locked secrets first.`,
        );
      }
      await this.createKey();
      return this.loadKey(false);
    }
    if (!info.isFile()) this.fail('key-damaged', `The key file ${this.keyFile} is not a regular file.`);
    if (this.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      this.fail(
        'key-permissions',
        `The key file ${this.keyFile} can be read by other users (mode ${mode}). Make it private with: chmod 600 '${this.keyFile}'`,
      );
    }
    // The key's size is known: anything else is refused before it is opened (a huge file is not
    // read), and the open does not block should a FIFO have replaced the file since the stat.
    if (info.size !== KEY_BYTES)
      this.fail('key-damaged', `The key file ${this.keyFile} is damaged: it holds ${info.size} bytes instead of ${KEY_BYTES}.`);
    const bytes = await readFile(this.keyFile, { flag: constants.O_RDONLY | constants.O_NONBLOCK }).catch((e: unknown) =>
      this.fail('key-damaged', `The key file ${this.keyFile} cannot be read (${errno(e) ?? String(e)}).`),
    );
    if (bytes.length !== KEY_BYTES)
      this.fail('key-damaged', `The key file ${this.keyFile} is damaged: it holds ${bytes.length} bytes instead of ${KEY_BYTES}.`);
    this.problem = null;
    this.key = { bytes, id: keyIdOf(bytes) };
    return this.key;
  }

  /**
   * Writes a fresh key next to its final name and hard-links it into place: `link` fails when
   * the name exists, so two processes creating a key at once end up sharing the first one
   * (a rename would silently replace it and orphan what the other had sealed).
   */
  private createKey(): Promise<void> {
    this.creating ??= (async () => {
      await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      const temp = `${this.keyFile}.${randomUUID()}.tmp`;
      const handle = await open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(randomBytes(KEY_BYTES));
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await link(temp, this.keyFile);
      } catch (e) {
        if (errno(e) !== 'EEXIST') throw e;
      } finally {
        await unlink(temp).catch(() => undefined);
      }
      await syncDir(this.dataDir);
    })().finally(() => {
      this.creating = null;
    });
    return this.creating;
  }
}

/** fsync of a folder, so a new or renamed entry in it survives a power cut (no-op where folders cannot be opened, e.g. Windows). */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  } finally {
    await handle?.close();
  }
}
