// `keyhole lab`: the lab broker in a terminal, with its identities and its live log.
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { PasswordHash } from '../../../shared/certs/batch';
import { parseAuthTemplate } from '../../../shared/lab/auth-template';
import type { LabAuthConfig, LabIdentityStatus, LabIdentityView, TopicRights } from '../../../shared/lab/lab-config';
import { labIdentities } from '../../core/lab/lab-identities';
import { LAB_FILES } from '../../core/lab/lab-pki';
import { startLab, type Lab } from '../../core/lab/lab';
import { defaultDataDir } from '../../core/store/data-dir';
import { EXIT, UsageError } from '../exit-codes';
import { formatLabEvent, table } from './format-lab';

interface LabFlags {
  port?: string;
  dataDir?: string;
  redis?: string;
  authQuery?: string;
  hash: string;
  redisTimeout?: string;
  refusal: 'not-authorized' | 'bad-credentials';
  usernameIsCn?: boolean;
  regenerate?: boolean;
  showPasswords?: boolean;
  color?: boolean;
}

/** A port number from a flag; 0 asks the system for a free one. */
export function portFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port takes a port number from 0 to 65535, not "${raw}"`);
  return n;
}

/** The auth settings the flags ask for (the template checked here, so a typo is a usage error). */
export function authFromFlags(flags: LabFlags): LabAuthConfig {
  const base = { refusal: flags.refusal, usernameMustEqualCn: flags.usernameIsCn === true };
  if (flags.redis === undefined && flags.authQuery === undefined) return { ...base, source: 'built-in' };
  if (flags.redis === undefined) throw new UsageError('--auth-query needs --redis URL');
  if (flags.authQuery === undefined) throw new UsageError('--redis needs --auth-query, e.g. --auth-query "HMGET tls_domain:%C password"');
  if (!/^rediss?:\/\//.test(flags.redis)) throw new UsageError(`--redis takes a redis:// URL, not "${flags.redis}"`);
  const template = parseAuthTemplate(flags.authQuery);
  if (!template.ok) throw new UsageError(`--auth-query: ${template.error.message}`);
  const hash = PasswordHash.safeParse(flags.hash);
  if (!hash.success) throw new UsageError(`--hash takes ${PasswordHash.options.join(', ')}, not "${flags.hash}"`);
  if (hash.data.startsWith('sha256-salt') && template.value.values < 2) {
    throw new UsageError(`--hash ${hash.data} needs a salt: let --auth-query return it second (HMGET key password salt)`);
  }
  const timeoutMs = flags.redisTimeout === undefined ? undefined : Number(flags.redisTimeout);
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 60_000)) {
    throw new UsageError(`--redis-timeout takes milliseconds from 50 to 60000, not "${flags.redisTimeout}"`);
  }
  return {
    ...base,
    source: 'redis',
    redis: { url: flags.redis, query: flags.authQuery, hash: hash.data, ...(timeoutMs ? { timeoutMs } : {}) },
  };
}

const STATUS_WORDS: Record<LabIdentityStatus, string> = {
  allowed: 'allowed',
  'not-allowed': 'CN not allowed',
  revoked: 'revoked',
  expired: 'expired',
  'not-yet-valid': 'not yet valid',
  'foreign-ca': 'foreign CA',
  'no-certificate': 'no certificate',
};

const rightsText = (r: TopicRights | null) =>
  r === null
    ? '—'
    : r.publish.length + r.subscribe.length === 0
      ? 'no topic rights'
      : `pub ${r.publish.join(' ')}; sub ${r.subscribe.join(' ')}`;

/** The identities table as lines (passwords only when asked). */
export function identityLines(views: LabIdentityView[], lab: Lab, showPasswords: boolean): string[] {
  const rows = [['identity', 'CN', 'status', 'topic rights', ...(showPasswords ? ['password (table)'] : []), 'what it shows']];
  for (const v of views) {
    const identity = lab.pki.state.identities.find((i) => i.name === v.name);
    const status = v.status === 'allowed' && !v.profilePasswordMatches ? 'allowed (profile: wrong password)' : STATUS_WORDS[v.status];
    rows.push([
      v.name,
      v.commonName ?? '—',
      v.mqttVersion === '5' ? `${status}, asks for MQTT 5` : status,
      rightsText(v.rights),
      ...(showPasswords ? [identity?.tablePassword ?? '—'] : []),
      v.about,
    ]);
  }
  return table(rows);
}

/** Registers `keyhole lab` (exit 0 after Ctrl+C, 2 could not start, 64 usage). */
export function labCommand(program: Command): void {
  program
    .command('lab')
    .description('run the lab broker (MQTT 3.1.1 over mutual TLS, with its own PKI and demo identities) and show its log')
    .option('--port <n>', 'port on 127.0.0.1 and ::1 (default 8883; when 8883 is taken, a free port)')
    .option('--data-dir <dir>', `data folder; the lab lives in its lab/ folder (default: ${defaultDataDir()})`)
    .option('--redis <url>', 'authenticate against Redis (redis://host:port) instead of the built-in table')
    .option(
      '--auth-query <template>',
      'Redis query: %u username, %c client id, %C certificate CN, %d subject DN, e.g. "HMGET tls_domain:%C password"',
    )
    .addOption(new Option('--hash <hash>', 'how Redis stores passwords').choices([...PasswordHash.options]).default('plain'))
    .option('--redis-timeout <ms>', 'longest wait for Redis before CONNACK "server unavailable" (default 2000)')
    .addOption(
      new Option('--refusal <code>', 'CONNACK for an unknown CN or a wrong password')
        .choices(['not-authorized', 'bad-credentials'])
        .default('not-authorized'),
    )
    .option('--username-is-cn', 'also require the MQTT username to equal the certificate CN')
    .option('--regenerate', 'issue a new lab PKI (CA, devices, passwords) before starting')
    .option('--show-passwords', 'show the demo passwords in the identities table')
    .option('--no-color', 'no colours')
    .action(async (flags: LabFlags) => {
      try {
        process.exitCode = await runLab(flags);
      } catch (e) {
        if (e instanceof UsageError) {
          console.error(`keyhole lab: ${e.message}`);
          process.exitCode = EXIT.usage;
          return;
        }
        throw e;
      }
    });
}

async function runLab(flags: LabFlags): Promise<number> {
  const auth = authFromFlags(flags);
  const port = portFlag(flags.port);
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const started = await startLab({
    dataDir: flags.dataDir ?? defaultDataDir(),
    ...(port === undefined ? {} : { port }),
    auth,
    regenerate: flags.regenerate === true,
    onEvent: (e) => console.log(formatLabEvent(e, color)),
  });
  if (!started.ok) {
    const hint =
      started.error.code === 'pki-damaged' || started.error.code === 'pki-expired' ? ' Issue a new one with keyhole lab --regenerate.' : '';
    console.error(`keyhole lab: ${started.error.message}${hint}`);
    return EXIT.failed;
  }
  const lab = started.value;
  const views = await labIdentities(lab.pki, new Date());
  console.log(
    [
      '',
      `Lab broker on port ${lab.port}: mqtts://localhost:${lab.port} (MQTT 3.1.1 only; TLS 1.2 and 1.3; client certificates required)`,
      `  CA for clients:   ${join(lab.dir, LAB_FILES.ca)}`,
      `  identities:       ${join(lab.dir, 'devices')} (demo credentials; passwords in ${join(lab.dir, LAB_FILES.state)})`,
      `  try:              keyhole connect mqtts://localhost:${lab.port} --mqtt 3.1.1 --ca ${join(lab.dir, LAB_FILES.ca)} \\`,
      `                      --cert ${join(lab.dir, 'devices/device-001.pem')} --key ${join(lab.dir, 'devices/device-001-key.pem')} -u device-001 --ask-password`,
      `                    (the passwords: keyhole lab --show-passwords)`,
      '',
      ...identityLines(views, lab, flags.showPasswords === true).map((l) => `  ${l}`),
      '',
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.stop();
  return EXIT.accepted;
}
