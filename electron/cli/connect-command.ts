import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_TIMEOUTS, defaultSettings, type ConnectSettings, type TlsVersion } from '../../shared/connect/settings';
import type { FileBytes, IdentityMaterial, IdentitySecrets } from '../core/certs/material';
import { connect } from '../core/connect/probe';
import { EXIT, UsageError, exitCodeOf } from './exit-codes';
import { formatReport } from './format-report';
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
  keepalive: string;
  json?: boolean;
  color?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `keyhole connect URL …`: one attempt, a report, an exit code from the verdict. */
export function connectCommand(program: Command): void {
  program
    .command('connect')
    .description('connect once and report where and why the attempt stopped (exit 0 accepted, 1 rejected, 2 failed, 64 usage)')
    .argument('<url>', 'broker, e.g. mqtts://broker.example:8883 or mqtt://127.0.0.1:1883')
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
    .addOption(new Option('--verify <mode>', "broker certificate verification").choices(['full', 'chain-only', 'off']).default('full'))
    .option('--access-check <topic>', 'after CONNACK, subscribe, publish QoS 1 and wait for the echo on this topic')
    .option('--timeout <ms>', `time limit per phase in milliseconds (default: ${DEFAULT_TIMEOUTS.tls})`)
    .option('--keepalive <seconds>', 'MQTT keepalive', '60')
    .option('--json', 'print exactly the ConnectReport as JSON')
    .option('--no-color', 'no colours in the human output')
    .action(async (url: string, flags: ConnectFlags) => {
      try {
        process.exitCode = await runConnect(url, flags);
      } catch (e) {
        if (e instanceof UsageError) {
          console.error(`keyhole connect: ${e.message}`);
          process.exitCode = EXIT.usage;
          return;
        }
        throw e;
      }
    });
}

function parseUrl(raw: string): Pick<ConnectSettings, 'protocol' | 'host' | 'port'> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL: write it as mqtts://host:port or mqtt://host:port`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'mqtt' && scheme !== 'mqtts') {
    throw new UsageError(`the scheme "${scheme}://" is not supported: use mqtts:// (TLS) or mqtt:// (plain)`);
  }
  const port = url.port ? Number(url.port) : scheme === 'mqtts' ? 8883 : 1883;
  if (!url.hostname) throw new UsageError(`"${raw}" has no host`);
  return { protocol: scheme, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

async function readInput(flag: string, path: string): Promise<FileBytes> {
  try {
    return { name: basename(path), bytes: new Uint8Array(await readFile(path)) };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String(code ?? e);
    throw new UsageError(`cannot read ${flag} ${path}: ${why}`);
  }
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

async function runConnect(rawUrl: string, flags: ConnectFlags): Promise<number> {
  const target = parseUrl(rawUrl);
  if (flags.pfx && (flags.cert || flags.key)) throw new UsageError('give either --pfx or --cert/--key, not both');
  const material: IdentityMaterial = {
    ca: await Promise.all((flags.ca ?? []).map((p) => readInput('--ca', p))),
    cert: flags.cert ? await readInput('--cert', flags.cert) : undefined,
    key: flags.key ? await readInput('--key', flags.key) : undefined,
    pfx: flags.pfx ? await readInput('--pfx', flags.pfx) : undefined,
  };
  const interactive = Boolean(process.stdin.isTTY) && !flags.json;
  if (flags.password !== undefined) {
    console.error('keyhole connect: warning: --password is visible to other users of this machine; prefer --password-env.');
  }
  const secrets: IdentitySecrets = {
    passphrase: fromEnv('--passphrase-env', flags.passphraseEnv),
    pfxPassword: fromEnv('--pfx-password-env', flags.pfxPasswordEnv),
    password: flags.password ?? fromEnv('--password-env', flags.passwordEnv),
  };
  if (secrets.passphrase === undefined && material.key && interactive && looksEncrypted(material.key)) {
    secrets.passphrase = await promptHidden(`Passphrase for ${material.key.name}: `);
  }
  if (secrets.pfxPassword === undefined && material.pfx && interactive) {
    secrets.pfxPassword = await promptHidden(`Password for ${material.pfx.name}: `);
  }
  if (flags.askPassword) {
    if (!process.stdin.isTTY) throw new UsageError('--ask-password needs a terminal; use --password-env in scripts');
    secrets.password = await promptHidden('MQTT password: ');
  }
  const timeout = positiveInt('--timeout', flags.timeout, 600_000);
  if (timeout === 0) throw new UsageError('--timeout must be above 0');
  const settings = defaultSettings({
    ...target,
    verify: flags.verify,
    useSystemCa: Boolean(flags.systemCa),
    servername: flags.servername,
    alpn: flags.alpn,
    tlsMin: tlsVersion(flags.tlsMin),
    tlsMax: tlsVersion(flags.tlsMax),
    mqttVersion: flags.mqtt,
    clientId: flags.clientId ?? `keyhole-${Math.random().toString(16).slice(2, 10)}`,
    username: flags.username,
    keepalive: positiveInt('--keepalive', flags.keepalive, 65535) ?? 60,
    accessCheckTopic: flags.accessCheck,
    timeouts: timeout
      ? { resolve: timeout, tcp: timeout, tls: timeout, connack: timeout, access: timeout }
      : { ...DEFAULT_TIMEOUTS },
  });
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  try {
    const { report } = await connect(
      { settings, material, secrets },
      {
        signal: controller.signal,
        onPhase: flags.json || !process.stderr.isTTY ? undefined : (e) => e.state === 'started' && process.stderr.write(`\r\x1b[K… ${e.phase}`),
      },
    );
    if (!flags.json && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, { color }));
    return exitCodeOf(report.verdict);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** PEM keys say so in their armour or headers; DER keys are tried without and reported by preflight. */
function looksEncrypted(file: FileBytes): boolean {
  const text = Buffer.from(file.bytes).toString('latin1');
  return text.includes('ENCRYPTED');
}
