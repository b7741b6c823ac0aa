import { basename } from 'node:path';
import { resolve as resolvePath } from 'node:path';
import { Command, Option } from 'commander';
import type { Cause, Finding } from '../../shared/connect/report';
import { CLOUD_PRESETS, cloudPreset } from '../../shared/connect/cloud-presets';
import {
  DEFAULT_TIMEOUTS,
  PresetId,
  WsPath,
  bareHost,
  defaultSettings,
  type ConnectSettings,
  type TlsVersion,
} from '../../shared/connect/settings';
import { DEFAULT_PORTS, isWebSocket, usesTls, type Protocol } from '../../shared/connect/transport';
import { DEFAULT_CERT_EXPIRY_WARNING_DAYS, MAX_CERT_EXPIRY_WARNING_DAYS } from '../../shared/profile/app-settings';
import { generateClientId } from '../../shared/profile/client-id';
import { MAX_FILE_BYTES } from '../../shared/ipc/file-source';
import { readBoundedFile } from '../core/certs/bounded-read';
import type { FileBytes, IdentityMaterial, IdentitySecrets } from '../core/certs/material';
import { openKeyLogFile, type KeyLogFile } from '../core/connect/key-log';
import { connect } from '../core/connect/probe';
import { defaultDataDir } from '../core/store/data-dir';
import { EXIT, UsageError, exitCodeOf } from './exit-codes';
import { formatReport } from './format-report';
import type { LoadedProfile } from './profile-source';
import { printable, printableData } from './printable';
import { promptHidden } from './prompt';

interface ConnectFlags {
  ca?: string[];
  systemCa?: boolean;
  cert?: string;
  key?: string;
  passphraseEnv?: string;
  pfx?: string;
  pfxPasswordEnv?: string;
  username?: string;
  password?: string;
  passwordEnv?: string;
  askPassword?: boolean;
  mqtt: '3.1.1' | '5';
  clientId?: string;
  tlsMin?: '1.2' | '1.3';
  tlsMax?: '1.2' | '1.3';
  servername?: string;
  alpn?: string[];
  verify: 'full' | 'chain-only' | 'off';
  accessCheck?: string;
  timeout?: string;
  warnExpiry: string;
  keepalive: string;
  json?: boolean;
  color?: boolean;
  profile?: string;
  profiles?: string;
  profilesPassphraseEnv?: string;
  dataDir?: string;
  clean?: boolean;
  sessionExpiry?: string;
  userProperty?: string[];
  path?: string;
  keylog?: string;
  preset?: PresetId;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `keyhole connect URL …`: one attempt, a report, an exit code from the verdict. */
export function connectCommand(program: Command): void {
  program
    .command('connect')
    .description('connect once and report where and why the attempt stopped (exit 0 accepted, 1 rejected, 2 failed, 64 usage)')
    .argument(
      '[url]',
      'broker, e.g. mqtts://broker.example:8883, mqtt://127.0.0.1:1883 or wss://broker.example:443/mqtt (with --profile: overrides its broker)',
    )
    .option('--profile <name>', "run a saved profile (by name or id); flags given as well override the profile's fields")
    .option('--profiles <file>', 'take --profile from this export (.keyhole.json, or an MQTT X JSON export) instead of the store')
    .option('--profiles-passphrase-env <var>', 'environment variable holding the passphrase of an export with secrets (else prompted)')
    .option('--data-dir <dir>', `data folder holding the saved profiles (default: ${defaultDataDir()})`)
    .option('--ca <file>', 'CA certificate(s) to trust for the broker, PEM or DER (repeatable)', collect)
    .option('--system-ca', "also trust the system's CA store")
    .option('--cert <file>', 'client certificate (PEM chain or DER)')
    .option('--key <file>', 'client private key (PEM or DER, optionally encrypted)')
    .option('--passphrase-env <var>', 'environment variable holding the key passphrase (else prompted when needed)')
    .option('--pfx <file>', 'PKCS#12 bundle with the client certificate and key')
    .option('--pfx-password-env <var>', 'environment variable holding the PKCS#12 password (else prompted)')
    .option('-u, --username <user>', 'MQTT username')
    .option('--password-env <var>', 'environment variable holding the MQTT password')
    .option('--ask-password', 'prompt for the MQTT password')
    .option('--password <password>', 'MQTT password (visible in the process list: prefer --password-env)')
    .addOption(new Option('--mqtt <version>', 'MQTT protocol version').choices(['3.1.1', '5']).default('5'))
    .option('--client-id <id>', 'client identifier (default: keyhole-<random>)')
    .addOption(new Option('--tls-min <version>', 'lowest TLS version').choices(['1.2', '1.3']))
    .addOption(new Option('--tls-max <version>', 'highest TLS version').choices(['1.2', '1.3']))
    .option('--servername <name>', 'SNI to send and name to verify (default: the host)')
    .option('--alpn <protocol>', 'ALPN protocol to offer (repeatable)', collect)
    .addOption(new Option('--verify <mode>', 'broker certificate verification').choices(['full', 'chain-only', 'off']).default('full'))
    .option('--path <path>', "WebSocket path for ws:// and wss:// (default: the URL's path, else /mqtt)")
    .addOption(
      new Option('--preset <service>', "fill in a cloud service's requirements and explain refusals by its rules").choices(
        CLOUD_PRESETS.map((p) => p.id),
      ),
    )
    .option(
      '--keylog <file>',
      'append the TLS secrets to FILE (NSS key log, as SSLKEYLOGFILE; Wireshark decrypts the capture with it): it decrypts the whole session, password included',
    )
    .option('--access-check <topic>', 'after CONNACK, subscribe, publish QoS 1 and wait for the echo on this topic')
    .option('--timeout <ms>', `time limit per phase in milliseconds (default: ${DEFAULT_TIMEOUTS.tls})`)
    .option(
      '--warn-expiry <days>',
      'warn when the client or broker certificate expires within this many days (0: never)',
      String(DEFAULT_CERT_EXPIRY_WARNING_DAYS),
    )
    .option('--keepalive <seconds>', 'MQTT keepalive', '60')
    .option('--no-clean', 'clean start / clean session off (resume the session the broker holds for this client id)')
    .option('--session-expiry <seconds>', 'MQTT 5 Session Expiry Interval')
    .option('--user-property <key=value>', 'MQTT 5 CONNECT user property (repeatable)', collect)
    .option('--json', 'print exactly the ConnectReport as JSON')
    .option('--no-color', 'no colours in the human output')
    .action(async (url: string | undefined, flags: ConnectFlags, command: Command) => {
      try {
        // Flags the user typed, as opposed to commander's defaults: only those override a profile.
        const given = (name: keyof ConnectFlags) =>
          command.getOptionValueSource(name) === 'cli' || command.getOptionValueSource(name) === 'env';
        process.exitCode = await runConnect(url, flags, given);
      } catch (e) {
        if (e instanceof UsageError) {
          console.error(`keyhole connect: ${printable(e.message)}`);
          process.exitCode = EXIT.usage;
          return;
        }
        throw e;
      }
    });
}

const SCHEMES: readonly string[] = ['mqtt', 'mqtts', 'ws', 'wss'];

function parseUrl(raw: string): Pick<ConnectSettings, 'protocol' | 'host' | 'port' | 'path'> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `"${raw}" is not a URL: write it as mqtts://host:port, mqtt://host:port, wss://host:port/path or ws://host:port/path`,
    );
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!SCHEMES.includes(scheme)) {
    throw new UsageError(`the scheme "${scheme}://" is not supported: use mqtts:// (TLS), mqtt:// (plain), wss:// or ws:// (WebSocket)`);
  }
  const protocol = scheme as Protocol;
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[protocol];
  if (!url.hostname) throw new UsageError(`"${raw}" has no host`);
  // WHATWG URL gives "/" for no path at all; only a path the user wrote replaces /mqtt.
  const written = `${url.pathname === '/' && !/^[a-z]+:\/\/[^/]+\/(\?|$)/i.test(raw) ? '' : url.pathname}${url.search}`;
  if (!isWebSocket(protocol) && written !== '') throw new UsageError(`"${raw}": a path is for ws:// and wss:// only`);
  return { protocol, host: bareHost(url.hostname), port, ...(isWebSocket(protocol) && written ? { path: written } : {}) };
}

async function readInput(flag: string, path: string): Promise<FileBytes> {
  const read = await readBoundedFile(path, MAX_FILE_BYTES);
  if (!read.ok) throw new UsageError(`cannot read ${flag}: ${read.error.message}`);
  return { name: basename(path), bytes: new Uint8Array(read.value) };
}

function fromEnv(flag: string, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const value = process.env[name];
  if (value === undefined) throw new UsageError(`${flag} names ${name}, but that environment variable is not set`);
  return value;
}

const tlsVersion = (v: '1.2' | '1.3' | undefined): TlsVersion | undefined => (v ? (`TLSv${v}` as TlsVersion) : undefined);

function positiveInt(flag: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${flag} takes a whole number from 0 to ${max}, not "${raw}"`);
  return n;
}

/** The MQTT session flags (clean start, v5 CONNECT properties) over the given settings. */
function applySessionFlags(settings: ConnectSettings, flags: ConnectFlags, given: (name: keyof ConnectFlags) => boolean): void {
  if (given('clean')) settings.cleanStart = flags.clean !== false;
  const expiry = positiveInt('--session-expiry', flags.sessionExpiry, 0xffffffff);
  const userProperties: Record<string, string | string[]> = {};
  for (const pair of flags.userProperty ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--user-property takes key=value, not "${pair}"`);
    const key = pair.slice(0, eq);
    if (key === '__proto__') throw new UsageError('--user-property: the name "__proto__" is not accepted');
    const value = pair.slice(eq + 1);
    const prev = userProperties[key];
    // MQTT 5.0 §3.1.2.11.8: a name may appear more than once.
    userProperties[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  if (expiry === undefined && !flags.userProperty) return;
  if (settings.mqttVersion !== '5') throw new UsageError('--session-expiry and --user-property are MQTT 5 properties: add --mqtt 5');
  settings.properties = {
    ...settings.properties,
    ...(expiry !== undefined ? { sessionExpiryInterval: expiry } : {}),
    ...(flags.userProperty ? { userProperties } : {}),
  };
}

/**
 * A cloud preset over the settings: what the service requires, filled in (the settings the
 * user typed as flags are applied after, and win).
 */
function applyPreset(
  settings: ConnectSettings,
  id: PresetId,
  flags: ConnectFlags,
  given: (name: keyof ConnectFlags) => boolean,
  rawUrl: string | undefined,
): void {
  const typed = { ...settings };
  const applied = cloudPreset(id).apply(settings, { clientCn: null, hasClientCert: false, passwordGiven: false });
  for (const [k, v] of Object.entries(applied)) {
    if (v === undefined) delete (settings as Record<string, unknown>)[k];
    else (settings as Record<string, unknown>)[k] = v;
  }
  // What the user wrote wins over the preset: a port in the URL, a path, the flags typed.
  if (rawUrl !== undefined && /^[a-z]+:\/\/(\[[^\]]*\]|[^/:]*):\d+/i.test(rawUrl)) settings.port = typed.port;
  if (typed.path !== undefined && (rawUrl !== undefined || flags.path !== undefined)) settings.path = typed.path;
  if (flags.alpn !== undefined) settings.alpn = typed.alpn;
  if (flags.servername !== undefined) settings.servername = typed.servername;
  if (given('mqtt')) settings.mqttVersion = typed.mqttVersion;
  if (flags.username !== undefined) settings.username = typed.username;
  if (given('verify')) settings.verify = typed.verify;
  settings.preset = id;
}

/** The flags that override a profile's fields, and the profile's secrets that no flag replaced but cannot be used. */
async function withProfile(
  profile: LoadedProfile,
  flags: ConnectFlags,
  given: (name: keyof ConnectFlags) => boolean,
  rawUrl: string | undefined,
  /** The URL as typed (also without a profile, where it made the settings): its port wins over a preset's. */
  typedUrl: string | undefined = rawUrl,
): Promise<{ settings: ConnectSettings; material: IdentityMaterial; secrets: IdentitySecrets }> {
  for (const note of profile.notes) console.error(`keyhole connect: note: ${printable(note)}`);
  const settings: ConnectSettings = structuredClone(profile.settings);
  if (rawUrl !== undefined) Object.assign(settings, parseUrl(rawUrl));
  if (flags.path !== undefined) {
    if (!isWebSocket(settings.protocol)) throw new UsageError('--path is the WebSocket path: use it with a ws:// or wss:// URL');
    const path = WsPath.safeParse(flags.path);
    if (!path.success) throw new UsageError(`--path "${flags.path}": ${path.error.issues[0]?.message ?? 'not a path'}`);
    settings.path = path.data;
  }
  if (flags.keylog !== undefined) {
    if (!usesTls(settings.protocol)) throw new UsageError(`--keylog records TLS secrets, and ${settings.protocol}:// has no TLS`);
    settings.keyLog = { file: resolvePath(flags.keylog) };
  }
  if (given('verify')) settings.verify = flags.verify;
  if (given('systemCa')) settings.useSystemCa = Boolean(flags.systemCa);
  if (flags.servername !== undefined) settings.servername = flags.servername;
  if (flags.alpn !== undefined) settings.alpn = flags.alpn;
  if (flags.tlsMin !== undefined) settings.tlsMin = tlsVersion(flags.tlsMin);
  if (flags.tlsMax !== undefined) settings.tlsMax = tlsVersion(flags.tlsMax);
  if (given('mqtt')) settings.mqttVersion = flags.mqtt;
  if (flags.clientId !== undefined) settings.clientId = flags.clientId;
  if (flags.username !== undefined) settings.username = flags.username;
  if (given('keepalive')) settings.keepalive = positiveInt('--keepalive', flags.keepalive, 65535) ?? settings.keepalive;
  if (flags.accessCheck !== undefined) settings.accessCheckTopic = flags.accessCheck;
  const timeout = positiveInt('--timeout', flags.timeout, 600_000);
  if (timeout === 0) throw new UsageError('--timeout must be above 0');
  if (timeout) settings.timeouts = { resolve: timeout, tcp: timeout, tls: timeout, connack: timeout, access: timeout };
  applySessionFlags(settings, flags, given);
  if (flags.preset !== undefined) applyPreset(settings, flags.preset, flags, given, typedUrl);

  const material: IdentityMaterial = { ...profile.material };
  if (flags.ca) material.ca = await Promise.all(flags.ca.map((p) => readInput('--ca', p)));
  if (flags.cert || flags.key) {
    // A client identity given on the command line replaces the profile's, whatever its form.
    material.cert = flags.cert ? await readInput('--cert', flags.cert) : undefined;
    material.key = flags.key ? await readInput('--key', flags.key) : undefined;
    material.pfx = undefined;
  }
  if (flags.pfx) {
    material.pfx = await readInput('--pfx', flags.pfx);
    material.cert = undefined;
    material.key = undefined;
  }
  const secrets: IdentitySecrets = { ...profile.secrets };
  const passphrase = fromEnv('--passphrase-env', flags.passphraseEnv);
  const pfxPassword = fromEnv('--pfx-password-env', flags.pfxPasswordEnv);
  const password = flags.password ?? fromEnv('--password-env', flags.passwordEnv);
  if (passphrase !== undefined) secrets.passphrase = passphrase;
  if (pfxPassword !== undefined) secrets.pfxPassword = pfxPassword;
  if (password !== undefined) secrets.password = password;

  const flagFor = { passphrase: '--passphrase-env VAR', password: '--password-env VAR', pfxPassword: '--pfx-password-env VAR' } as const;
  for (const u of profile.unavailable) {
    if (u.kind === 'file') {
      const replaced = u.slot === 'ca' ? flags.ca !== undefined : Boolean(flags.cert || flags.key || flags.pfx);
      if (!replaced)
        console.error(printable(`keyhole connect: warning: profile "${profile.name}": ${u.what} is not available here. ${u.reason}`));
    } else if (secrets[u.field] === undefined && !(u.field === 'password' && flags.askPassword)) {
      console.error(
        `keyhole connect: warning: profile "${profile.name}": ${u.what} is not available here (${u.reason.replace(/\.$/, '')}); give it with ${flagFor[u.field]}.`,
      );
    }
  }
  return { settings, material, secrets };
}

async function runConnect(
  rawUrl: string | undefined,
  flags: ConnectFlags,
  given: (name: keyof ConnectFlags) => boolean = () => false,
): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY) && !flags.json;
  if ((flags.profiles !== undefined || flags.profilesPassphraseEnv !== undefined) && flags.profile === undefined) {
    throw new UsageError('--profiles and --profiles-passphrase-env need --profile NAME');
  }
  if (flags.pfx && (flags.cert || flags.key)) throw new UsageError('give either --pfx or --cert/--key, not both');
  if (flags.profile === undefined && rawUrl === undefined)
    throw new UsageError('give the broker URL (e.g. mqtts://broker.example:8883), or --profile NAME');
  // Without a profile the flags go over a blank one, so one path applies them either way.
  const profile: LoadedProfile =
    flags.profile !== undefined
      ? await (
          await import('./profile-source')
        ).loadProfile(flags.profile, {
          dataDir: resolvePath(flags.dataDir ?? defaultDataDir()),
          ...(flags.profiles !== undefined ? { profilesFile: flags.profiles } : {}),
          passphrase: async () => {
            if (flags.profilesPassphraseEnv) return fromEnv('--profiles-passphrase-env', flags.profilesPassphraseEnv);
            return interactive ? promptHidden(`Passphrase of ${flags.profiles}: `) : undefined;
          },
        })
      : {
          name: rawUrl!,
          source: 'the command line',
          settings: defaultSettings({
            ...parseUrl(rawUrl!),
            clientId: flags.clientId ?? generateClientId(),
          }),
          material: { ca: [] },
          secrets: {},
          unavailable: [],
          notes: [],
        };
  const expiryWarningDays = positiveInt('--warn-expiry', flags.warnExpiry, MAX_CERT_EXPIRY_WARNING_DAYS);
  const input = await withProfile(profile, flags, given, flags.profile !== undefined ? rawUrl : undefined, rawUrl);
  await askPassword(input.secrets, flags);
  return attempt(input.settings, input.material, input.secrets, flags, expiryWarningDays, interactive);
}

/** What the command line itself gives away, reported as findings of the attempt. */
function commandLineFindings(flags: ConnectFlags): Finding[] {
  if (flags.password === undefined) return [];
  return [
    {
      code: 'password-on-command-line',
      message:
        'The MQTT password was given with --password: other users of this machine can read it in the process list. Use --password-env VAR or --ask-password.',
    },
  ];
}

/** Prompts for the MQTT password when asked to (never in scripts). */
async function askPassword(secrets: IdentitySecrets, flags: ConnectFlags): Promise<void> {
  if (!flags.askPassword) return;
  if (!process.stdin.isTTY) throw new UsageError('--ask-password needs a terminal; use --password-env in scripts');
  secrets.password = await promptHidden('MQTT password: ');
}

/**
 * The secret a preflight failure asks for and nobody gave, with its prompt; null when another
 * try would not help. Preflight sends nothing, so a second try costs no traffic.
 */
function secretAskedFor(
  cause: Cause,
  material: IdentityMaterial,
  secrets: IdentitySecrets,
): { field: 'passphrase' | 'pfxPassword'; prompt: string } | null {
  if (cause === 'key-passphrase-missing' && secrets.passphrase === undefined) {
    return { field: 'passphrase', prompt: `Passphrase for ${material.key?.name ?? 'the private key'}: ` };
  }
  // A bundle with a password fails its MAC check without one (node reports "mac verify failure").
  if (cause === 'pkcs12-password-wrong' && material.pfx && secrets.pfxPassword === undefined && secrets.passphrase === undefined) {
    return { field: 'pfxPassword', prompt: `Password for ${material.pfx.name}: ` };
  }
  return null;
}

/** The attempt, asked again (in a terminal) with each secret preflight says is missing; prints the report, returns its exit code. */
async function attempt(
  settings: ConnectSettings,
  material: IdentityMaterial,
  secrets: IdentitySecrets,
  flags: ConnectFlags,
  expiryWarningDays: number | undefined,
  interactive: boolean,
): Promise<number> {
  const keyLog = openCliKeyLog(settings);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  try {
    const once = async () => {
      const { report } = await connect(
        { settings, material, secrets },
        {
          signal: controller.signal,
          findings: commandLineFindings(flags),
          ...(keyLog ? { keyLog } : {}),
          ...(expiryWarningDays !== undefined ? { expiryWarningDays } : {}),
          onPhase:
            flags.json || !process.stderr.isTTY ? undefined : (e) => e.state === 'started' && process.stderr.write(`\r\x1b[K… ${e.phase}`),
        },
      );
      if (!flags.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      return report;
    };
    let report = await once();
    for (
      let asked = secretAskedFor(report.cause, material, secrets);
      interactive && asked;
      asked = secretAskedFor(report.cause, material, secrets)
    ) {
      secrets[asked.field] = await promptHidden(asked.prompt);
      report = await once();
    }
    process.stdout.write(
      flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(printableData(report), { color, args: process.argv.slice(2) }),
    );
    return exitCodeOf(report.verdict);
  } finally {
    process.removeListener('SIGINT', onSigint);
    keyLog?.close();
  }
}

/** The key log file of the attempt (--keylog, or a profile's), opened for appending; a usage error when it cannot be written. */
function openCliKeyLog(settings: ConnectSettings): KeyLogFile | null {
  const file = settings.keyLog?.file;
  if (file === undefined || !usesTls(settings.protocol)) return null;
  const opened = openKeyLogFile(file);
  if (!opened.ok) throw new UsageError(opened.error);
  return opened.value;
}
