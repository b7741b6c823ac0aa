// Real mosquitto 2.0 brokers for integration tests (DESIGN §8): one generated config per
// broker in a temp dir, one listener on a free 127.0.0.1 port, stopped by pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll } from 'vitest';
import { freePort, LOOPBACK, waitForPort } from './ports';

export interface MosquittoTls {
  cafile: string;
  certfile: string;
  keyfile: string;
  /** Ask for and verify a client certificate (mTLS). */
  requireCertificate?: boolean;
  /** Take the client certificate's CN as the MQTT username; mosquitto then skips password checks. */
  useIdentityAsUsername?: boolean;
  crlfile?: string;
  /**
   * mosquitto's `tls_version`. In mosquitto 2.0 this is the *lowest* version the listener
   * accepts (1.x read it as the only version), so it cannot cap a listener at TLS 1.2.
   */
  tlsVersion?: 'tlsv1.2' | 'tlsv1.3';
  /**
   * The highest TLS version the listener speaks. mosquitto 2.0 has no option for it, so it is
   * set through OpenSSL's own configuration (`MaxProtocol` in the `system_default` section,
   * which every SSL_CTX picks up) in an OPENSSL_CONF given to this broker only.
   */
  maxVersion?: 'TLSv1.2';
}

export interface MosquittoOptions {
  /** Absent: a plain MQTT listener. */
  tls?: MosquittoTls;
  /**
   * The listener speaks MQTT over WebSocket (`protocol websockets`, libwebsockets in Debian's
   * build), with `tls` if given: ws:// or wss://. mosquitto 2.0.11 refuses to start with
   * WebSocket listeners only ("Unable to start any listening sockets"), so a plain MQTT
   * listener on a second loopback port (`Broker.mqttPort`) goes with it.
   */
  websockets?: boolean;
  /** username → password; written with `mosquitto_passwd -b` and set as `password_file`. */
  users?: Record<string, string>;
  /** Contents of an `acl_file`. */
  acl?: string;
  /**
   * A dynamic-security configuration (the plugin's JSON document). Unlike `acl_file`, which
   * grants every subscription and filters at delivery, the plugin answers a denied SUBSCRIBE
   * with SUBACK 0x80 (3.1.1) / 0x87 (5).
   */
  dynsec?: DynsecConfig;
  /** mosquitto 2.0 defaults this to false; so do we. */
  allowAnonymous?: boolean;
  /** Extra lines appended to the global section, before the listener. */
  extra?: string[];
  /** How long to wait for the listener. */
  startTimeoutMs?: number;
  /** Listen on this port (e.g. a broker started again where a stopped one was) instead of a free one. */
  port?: number;
}

/** The subset of the dynamic-security JSON document the tests use (mosquitto 2.0 plugin). */
export interface DynsecConfig {
  defaultACLAccess: { publishClientSend: boolean; publishClientReceive: boolean; subscribe: boolean; unsubscribe: boolean };
  clients: { username: string; roles: { rolename: string }[] }[];
  groups: { groupname: string; roles: { rolename: string }[] }[];
  roles: {
    rolename: string;
    acls: {
      acltype:
        | 'publishClientSend'
        | 'publishClientReceive'
        | 'subscribeLiteral'
        | 'subscribePattern'
        | 'unsubscribeLiteral'
        | 'unsubscribePattern';
      topic: string;
      allow: boolean;
    }[];
  }[];
}

/** Where Debian puts the dynamic-security plugin. */
export const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

export interface Broker {
  host: typeof LOOPBACK;
  port: number;
  /** With `websockets`: the plain MQTT listener that goes with the WebSocket one. */
  mqttPort: number | null;
  pid: number;
  /** The temp dir holding mosquitto.conf, the log and the password/ACL files. */
  dir: string;
  /** The broker's log file plus anything it wrote to stdout/stderr (still readable after stop). */
  log(): string;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5000;
const running = new Map<number, ChildProcess>();

// A dying test process must not leave brokers behind: kill whatever is still running.
process.once('exit', () => {
  for (const child of running.values()) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** The mosquitto binary: it lives in /usr/sbin, which an unprivileged PATH may lack. */
export function mosquittoBinary(): string {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const file = join(dir, 'mosquitto');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // keep looking
    }
  }
  throw new Error('mosquitto not found: run `node test/system/ensure.mjs`');
}

export interface ConfigFiles {
  passwordFile: string | null;
  aclFile: string | null;
  dynsecFile: string | null;
}

function dynsecPlugin(): string {
  const candidates = [DYNSEC_PLUGIN, '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so', '/usr/lib/mosquitto_dynamic_security.so'];
  const found = candidates.find((f) => existsSync(f));
  if (found === undefined) throw new Error(`mosquitto dynamic-security plugin not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** OpenSSL configuration that caps every TLS context of the process at `max`. */
export function opensslMaxProtocolConf(max: 'TLSv1.2'): string {
  return [
    'openssl_conf = openssl_init',
    '[openssl_init]',
    'ssl_conf = ssl_sect',
    '[ssl_sect]',
    'system_default = system_default_sect',
    '[system_default_sect]',
    `MaxProtocol = ${max}`,
    '',
  ].join('\n');
}

/** The config text for one broker. Exported so its shape can be inspected in tests. */
export function mosquittoConfig(
  port: number,
  dir: string,
  options: MosquittoOptions,
  files: ConfigFiles,
  mqttPort: number | null = null,
): string {
  const lines: string[] = [
    // One listener per broker, so the security settings stay global: with
    // per_listener_settings false, allow_anonymous/password_file/acl_file apply to every
    // listener wherever they appear (mosquitto.conf(5), 2.0).
    'per_listener_settings false',
    `allow_anonymous ${options.allowAnonymous === true ? 'true' : 'false'}`,
    'persistence false',
    `log_dest file ${join(dir, 'mosquitto.log')}`,
    'log_type all',
    'log_timestamp true',
    'connection_messages true',
  ];
  // Run as root, mosquitto 2.0 drops to the `mosquitto` user, which cannot read our 0700
  // temp dir; `user root` keeps it as it is. Unprivileged, the option is ignored.
  if (process.getuid?.() === 0) lines.push('user root');
  if (files.passwordFile !== null) lines.push(`password_file ${files.passwordFile}`);
  if (files.aclFile !== null) lines.push(`acl_file ${files.aclFile}`);
  if (files.dynsecFile !== null) lines.push(`plugin ${dynsecPlugin()}`, `plugin_opt_config_file ${files.dynsecFile}`);
  lines.push(...(options.extra ?? []));
  if (mqttPort !== null) lines.push('', `listener ${mqttPort} ${LOOPBACK}`);
  lines.push('', `listener ${port} ${LOOPBACK}`);
  if (options.websockets === true) lines.push('protocol websockets');
  const tls = options.tls;
  if (tls !== undefined) {
    lines.push(`cafile ${tls.cafile}`, `certfile ${tls.certfile}`, `keyfile ${tls.keyfile}`);
    lines.push(`require_certificate ${tls.requireCertificate === true ? 'true' : 'false'}`);
    if (tls.useIdentityAsUsername === true) lines.push('use_identity_as_username true');
    if (tls.crlfile !== undefined) lines.push(`crlfile ${tls.crlfile}`);
    if (tls.tlsVersion !== undefined) lines.push(`tls_version ${tls.tlsVersion}`);
  }
  return `${lines.join('\n')}\n`;
}

function writePasswordFile(file: string, users: Record<string, string>): void {
  let first = true;
  for (const [user, password] of Object.entries(users)) {
    const args = first ? ['-c', '-b', file, user, password] : ['-b', file, user, password];
    const r = spawnSync('mosquitto_passwd', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mosquitto_passwd ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
    first = false;
  }
}

const readIfThere = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Starts mosquitto on a free loopback port and resolves once it accepts TCP connections. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<Broker> {
  const dir = await mkdtemp(join(tmpdir(), 'keyhole-mosquitto-'));
  let passwordFile: string | null = null;
  if (options.users !== undefined) {
    passwordFile = join(dir, 'passwords');
    try {
      writePasswordFile(passwordFile, options.users);
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  }
  let aclFile: string | null = null;
  if (options.acl !== undefined) {
    aclFile = join(dir, 'acl');
    await writeFile(aclFile, options.acl);
  }
  let dynsecFile: string | null = null;
  if (options.dynsec !== undefined) {
    dynsecFile = join(dir, 'dynamic-security.json');
    await writeFile(dynsecFile, JSON.stringify(options.dynsec, null, 2));
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.tls?.maxVersion !== undefined) {
    env.OPENSSL_CONF = join(dir, 'openssl.cnf');
    await writeFile(env.OPENSSL_CONF, opensslMaxProtocolConf(options.tls.maxVersion));
  }
  const bin = mosquittoBinary();
  let lastError: Error | null = null;
  // freePort() only says a port was free a moment ago; another process can take it before
  // mosquitto binds, in which case mosquitto exits and we try the next one.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = options.port ?? (await freePort());
    const mqttPort = options.websockets === true ? await freePort() : null;
    const conf = join(dir, 'mosquitto.conf');
    await writeFile(conf, mosquittoConfig(port, dir, options, { passwordFile, aclFile, dynsecFile }, mqttPort));
    await rm(join(dir, 'mosquitto.log'), { force: true });
    const started = await launch(bin, conf, dir, port, mqttPort, env, options.startTimeoutMs ?? 10_000);
    if (started.ok) return started.broker;
    lastError = started.error;
    if (!started.addressInUse || options.port !== undefined) break;
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError ?? new Error('mosquitto did not start');
}

type Launch = { ok: true; broker: Broker } | { ok: false; error: Error; addressInUse: boolean };

async function launch(
  bin: string,
  conf: string,
  dir: string,
  port: number,
  mqttPort: number | null,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Launch> {
  const child = spawn(bin, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = `exit code ${code ?? 'none'}${signal ? `, signal ${signal}` : ''}`;
      if (child.pid !== undefined) running.delete(child.pid);
      resolve();
    });
  });
  let spawnError: Error | null = null;
  child.once('error', (e) => (spawnError = e));
  // Kept at stop(), so the log can still be read once the temp dir is gone.
  let finalLog: string | null = null;
  const log = (): string => finalLog ?? `${readIfThere(join(dir, 'mosquitto.log'))}${output}`;

  try {
    await waitForPort(port, {
      deadlineMs: timeoutMs,
      abandon: () => {
        if (spawnError !== null) return `mosquitto could not be started: ${(spawnError as Error).message}`;
        return exit === null ? null : `mosquitto died before listening (${exit})`;
      },
    });
    // mosquitto binds a listener before it loads the listener's certificates, and exits when that
    // fails: the port can be open for a moment on a broker about to die. It is up once it logs "running".
    const deadline = Date.now() + timeoutMs;
    while (!/ running$/m.test(readIfThere(join(dir, 'mosquitto.log')))) {
      if (exit !== null) throw new Error(`mosquitto died before listening (${exit})`);
      if (Date.now() > deadline) throw new Error(`mosquitto did not say it was running within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  } catch (e) {
    child.kill('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
    const text = log();
    return {
      ok: false,
      error: new Error(`${(e as Error).message}\n--- mosquitto log (${conf}) ---\n${text}`),
      // libwebsockets says it its own way ("ERROR on binding fd … to port …").
      addressInUse: /Address already in use|ERROR on binding/i.test(text),
    };
  }

  const pid = child.pid;
  if (pid === undefined) return { ok: false, error: new Error('mosquitto has no pid'), addressInUse: false };
  running.set(pid, child);

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exit === null) {
        process.kill(pid, 'SIGTERM');
        const killed = await Promise.race([
          exited.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), STOP_GRACE_MS)),
        ]);
        if (!killed) {
          process.kill(pid, 'SIGKILL');
          await exited;
        }
      }
      finalLog = log();
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  return { ok: true, broker: { host: LOOPBACK, port, mqttPort, pid, dir, log, stop } };
}

/**
 * Brokers for one test file: every broker started through `start` is stopped in afterAll,
 * also when a test or another hook failed. Call at the top level of a test file.
 */
export function useBrokers(): { start(options?: MosquittoOptions): Promise<Broker> } {
  const brokers: Broker[] = [];
  afterAll(async () => {
    const stops = await Promise.allSettled(brokers.map((b) => b.stop()));
    const failed = stops.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length > 0)
      throw new AggregateError(
        failed.map((f) => f.reason as unknown),
        'a broker did not stop',
      );
  });
  return {
    async start(options?: MosquittoOptions): Promise<Broker> {
      const broker = await startMosquitto(options);
      brokers.push(broker);
      return broker;
    },
  };
}
