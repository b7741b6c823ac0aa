/**
 * What every reader of configurations and command lines fills in: the settings it found, the
 * files and secrets the source names, and for each option whether it was mapped (to what) or
 * left out (and why). `buildCandidate` turns that into an import candidate, reading the named
 * files where the host may (with the same hook and policy as the MQTT X import) and checking
 * the settings with the shared rules.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { ConnectSettings, defaultSettings } from '../../../shared/connect/settings';
import { settingsProblems } from '../../../shared/connect/settings-rules';
import { usesTls } from '../../../shared/connect/transport';
import type { ConfigFormat, IgnoredField, MappedField } from '../../../shared/profile/config-import';
import type { MaterialSlot, MissingFile } from '../../../shared/profile/profile';
import { SECRET_KIND_OF_FIELD, secretFieldLabel, type ImportFileStatus, type SecretKind } from '../../../shared/profile/transfer';
import { err, ok, type Result } from '../../../shared/result';
import type { SecretField, StoredSecrets } from '../store/store-data';
import type { ImportCandidate } from './import-candidate';
import type { ReadReferencedFile } from './mqttx';
import { slotContentProblem } from './slot-content';

/** How files and environment variables named in a source are read on this host. */
export interface SourceReadOptions {
  /** Reads a file a path names; absent where paths must not be read (the web host). */
  readFile?: ReadReferencedFile;
  /** Why paths are not read, shown per file when `readFile` is absent. */
  noReadReason?: string;
  /** The folder relative paths are taken from: the configuration file's folder, or the working folder of a command line. */
  baseDir?: string;
  /** For `~/…` paths. */
  homeDir?: string;
  /** Looks up an environment variable a command line takes a secret from (the CLI only: a page has no environment). */
  env?: (name: string) => string | undefined;
}

interface NamedFile {
  slot: MaterialSlot;
  /** A path, or the PEM text itself. */
  ref: string;
  source: string;
  line?: number;
}

/** A secret the source takes from an environment variable (`-pass env:KEY_PASS`, `-P "$MQTT_PASSWORD"`). */
interface EnvSecret {
  field: SecretField;
  name: string;
  source: string;
  line?: number;
}

/** One profile being read from a source. */
export class ProfileBuilder {
  readonly settings: Partial<ConnectSettings> = {};
  readonly mapped: MappedField[] = [];
  readonly ignored: IgnoredField[] = [];
  readonly notes: string[] = [];
  readonly files: NamedFile[] = [];
  readonly secrets: StoredSecrets = {};
  readonly envSecrets: EnvSecret[] = [];
  /** Secrets the source names but does not hold (masked, or in a file). */
  readonly absentSecrets: SecretField[] = [];

  constructor(
    readonly format: ConfigFormat,
    readonly section: string | null,
    public name: string,
  ) {}

  map(source: string, target: string, line?: number): void {
    this.mapped.push({ source, target, ...(line ? { line } : {}) });
  }

  ignore(source: string, reason: string, line?: number): void {
    this.ignored.push({ source, reason, ...(line ? { line } : {}) });
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** A file for a slot; a later one replaces an earlier one of the same slot (CA files add up). */
  file(slot: MaterialSlot, ref: string, source: string, line?: number): void {
    if (slot !== 'ca') {
      const i = this.files.findIndex((f) => f.slot === slot);
      if (i >= 0) this.files.splice(i, 1);
    }
    this.files.push({ slot, ref, source, ...(line ? { line } : {}) });
    const what = { ca: 'CA certificate', cert: 'client certificate', key: 'private key', pfx: 'PKCS#12 bundle' }[slot];
    this.map(source, `${what} file ${ref.trimStart().startsWith('-----BEGIN') ? '(PEM text)' : ref}`, line);
  }

  /**
   * A folder of CA certificates (`--capath`, `-CApath`): the system store's folders become the
   * system trust store; any other folder is left out, since a profile holds files, not folders.
   */
  caFolder(path: string, source: string, line?: number): void {
    if (/^\/etc\/ssl\/certs\/?$|^\/etc\/pki\/tls\/certs\/?$/.test(path)) {
      this.settings.useSystemCa = true;
      this.map(source, "the system's trust store", line);
    } else {
      this.ignore(
        source,
        `${path} is a folder of CA certificates, which Keyhole does not read: add the CA files in the profile editor`,
        line,
      );
    }
  }

  /** A secret value found in the source: stored sealed with the profile, never shown. */
  secret(field: SecretField, value: string, source: string, line?: number): void {
    this.secrets[field] = value;
    this.map(source, `${secretFieldLabel(field)} (secret: stored sealed with the profile, not shown)`, line);
  }

  /** A secret the source reads from an environment variable. */
  secretFromEnv(field: SecretField, name: string, source: string, line?: number): void {
    this.envSecrets.push({ field, name, source, ...(line ? { line } : {}) });
  }

  /** A secret the source names without holding it. */
  secretAbsent(field: SecretField, source: string, why: string, line?: number): void {
    this.absentSecrets.push(field);
    this.ignore(source, why, line);
  }
}

/** `host:port`, with an IPv6 host in brackets. */

const why = (code: string) =>
  code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : code;

/** Where a path from the source points on this host, or why it cannot be told. */
function locate(ref: string, options: SourceReadOptions): Result<string, string> {
  if (ref.startsWith('~/') || ref === '~') {
    return options.homeDir ? ok(join(options.homeDir, ref.slice(2))) : err('a path in the home folder, which this host does not know');
  }
  if (isAbsolute(ref) || /^[A-Za-z]:[\\/]/.test(ref)) return ok(ref);
  if (!options.baseDir) return err('a relative path, and the folder it is relative to is not known here');
  return ok(resolve(options.baseDir, ref));
}

async function readNamed(
  f: NamedFile,
  options: SourceReadOptions,
): Promise<{ status: ImportFileStatus; file?: ImportCandidate['files'][number]; missing?: MissingFile }> {
  if (f.ref.trimStart().startsWith('-----BEGIN')) {
    const fileName = `${f.slot}.pem`;
    return { status: { slot: f.slot, fileName, status: 'included' }, file: { slot: f.slot, fileName, bytes: Buffer.from(f.ref) } };
  }
  const fileName = f.ref.split(/[\\/]/).pop() || f.ref;
  // A path that cannot be read keeps its slot (as the MQTT X import does): the profile stays a
  // mutual-TLS one, says which file to choose, and a connect stops in preflight naming it.
  const unreadable = (reason: string) => ({
    status: { slot: f.slot, fileName, status: 'unreadable' as const, reason: `${f.ref}: ${reason}` },
    missing: { slot: f.slot, fileName: fileName.slice(0, 255), path: f.ref.slice(0, 4096), reason: reason.slice(0, 1000) },
  });
  const placeholder = /\$\{[^}]*\}/.exec(f.ref);
  if (placeholder) return unreadable(`it names ${placeholder[0]}, which only the broker's own environment defines; choose the file`);
  if (!options.readFile) return unreadable(options.noReadReason ?? 'files named in a configuration are not read here');
  const path = locate(f.ref, options);
  if (!path.ok) return unreadable(`${path.error}; choose the file`);
  const read = await options.readFile(path.value);
  if (!read.ok) return unreadable(why(read.error));
  const problem = slotContentProblem(f.slot, read.value.bytes);
  if (problem) return unreadable(problem);
  return {
    status: { slot: f.slot, fileName: read.value.fileName, status: 'included' },
    file: { slot: f.slot, fileName: read.value.fileName, bytes: read.value.bytes },
  };
}

/** Secrets taken from environment variables, where this host has an environment. */
function takeEnvSecrets(b: ProfileBuilder, options: SourceReadOptions, missing: Set<SecretKind>): void {
  for (const e of b.envSecrets) {
    const value = options.env?.(e.name);
    const label = secretFieldLabel(e.field);
    if (value !== undefined) {
      b.secrets[e.field] = value;
      b.map(e.source, `${label} from $${e.name} (secret: stored sealed with the profile, not shown)`, e.line);
    } else {
      missing.add(SECRET_KIND_OF_FIELD[e.field]);
      b.ignore(
        e.source,
        `the ${label} is read from $${e.name}, ${options.env ? 'which is not set here' : 'and this host does not read environment variables'}: enter it in the profile`,
        e.line,
      );
    }
  }
}

/** The import candidate a builder describes; an error when the source names no usable broker. */
export async function buildCandidate(b: ProfileBuilder, key: string, options: SourceReadOptions): Promise<Result<ImportCandidate, string>> {
  if (!b.settings.host) return err('It names no broker host.');
  const candidate = ConnectSettings.safeParse(defaultSettings({ ...b.settings, host: b.settings.host }));
  if (!candidate.success) {
    const issue = candidate.error.issues[0];
    return err(`Its settings are not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}.`);
  }
  const settings = candidate.data;
  const missing = new Set<SecretKind>(b.absentSecrets.map((f) => SECRET_KIND_OF_FIELD[f]));
  takeEnvSecrets(b, options, missing);
  for (const p of settingsProblems(settings, { passwordGiven: b.secrets.password !== undefined })) b.note(`${p.message} ${p.hint}`);

  const files: ImportCandidate['files'] = [];
  const fileStatus: ImportFileStatus[] = [];
  const missingFiles: MissingFile[] = [];
  for (const f of b.files) {
    if (!usesTls(settings.protocol)) {
      const i = b.mapped.findIndex((m) => m.source === f.source && m.line === f.line);
      if (i >= 0) b.mapped.splice(i, 1);
      b.ignore(f.source, 'not used: this connection does not use TLS', f.line);
      continue;
    }
    const read = await readNamed(f, options);
    fileStatus.push(read.status);
    if (read.file) files.push(read.file);
    if (read.missing) missingFiles.push(read.missing);
  }
  const included = new Set<SecretKind>();
  for (const [field, value] of Object.entries(b.secrets) as [SecretField, string | undefined][])
    if (value !== undefined) included.add(SECRET_KIND_OF_FIELD[field]);
  for (const slot of ['key', 'pfx'] as const) {
    const kind: SecretKind = slot === 'key' ? 'private-key' : 'pkcs12';
    if (files.some((f) => f.slot === slot)) included.add(kind);
    else if (fileStatus.some((f) => f.slot === slot)) missing.add(kind);
  }
  const key_ = files.find((f) => f.slot === 'key');
  if (key_ && b.secrets.passphrase === undefined && key_.bytes.toString('latin1').includes('ENCRYPTED') && !missing.has('key-passphrase')) {
    missing.add('key-passphrase');
    b.note(`The private key ${key_.fileName} is encrypted and the source gives no passphrase for it: enter it in the profile.`);
  }
  return ok({
    key,
    sourceId: null,
    name: b.name.slice(0, 200),
    groupName: null,
    settings,
    files,
    fileStatus,
    ...(missingFiles.length ? { missingFiles } : {}),
    secrets: Object.fromEntries(Object.entries(b.secrets).filter(([, v]) => v !== undefined)),
    includedSecrets: [...included],
    missingSecrets: [...missing].filter((k) => !included.has(k)),
    importNotes: [...b.notes],
    mapping: { format: b.format, section: b.section, mapped: b.mapped, ignored: b.ignored },
  });
}
