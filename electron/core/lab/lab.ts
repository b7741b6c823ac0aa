// The embedded lab broker (DESIGN §6): its PKI in the data folder, a TLS front door that judges
// client certificates as OpenSSL brokers do, aedes for MQTT 3.1.1, authentication against the
// built-in table or Redis, topic rights, and an event for everything it sees and decides.
import type { ConnectReport } from '../../../shared/connect/report';
import { LabAuthConfig, type LabAuthSettings } from '../../../shared/lab/lab-config';
import type { LabEvent } from '../../../shared/lab/lab-event';
import { err, ok, type Result } from '../../../shared/result';
import { labEventsOf } from './attempt-match';
import { BuiltInAuth, type AuthSource } from './auth-source';
import { demoProfiles, type DemoProfile } from './demo-profiles';
import { LabLog, type LabEventListener } from './lab-log';
import { ensureLabPki, regenerateLabPki, signCrl, type LabPki, type LabPkiError } from './lab-pki';
import { LabBroker } from './mqtt-broker';
import { RedisAuth, redactRedisUrl } from './redis-auth';
import { TlsFront } from './tls-front';

export const DEFAULT_LAB_PORT = 8883;
/** A CRL is valid 30 days; a running lab signs a fresh one daily, long before OpenSSL would call it expired. */
const CRL_REFRESH_MS = 86_400_000;
/** Loopback only: the lab holds demo credentials and is not meant for a network. */
export const LAB_HOSTS = ['127.0.0.1', '::1'];

export interface LabOptions {
  dataDir: string;
  /** Default 8883. */
  port?: number;
  /** Take a free port when `port` is in use (default: only when no port was asked for). */
  portFallback?: boolean;
  hosts?: string[];
  auth?: LabAuthConfig;
  /** Issue a new PKI (CA, devices, passwords) before starting. */
  regenerate?: boolean;
  /** How many recent events the lab keeps. */
  logLimit?: number;
  /** A log to write to instead of a new one (the app keeps one over every run of its lab). */
  log?: LabLog;
  /** Hears every event from the first (the PKI notice, the port notice). */
  onEvent?: LabEventListener;
  /** How often a running lab re-signs its CRL (default daily). */
  crlRefreshMs?: number;
  now?: () => Date;
}

export interface Lab {
  port: number;
  addresses: string[];
  /** The lab folder (CA, broker and device files). */
  dir: string;
  auth: LabAuthSettings;
  pki: LabPki;
  /** Whether this start issued the PKI. */
  created: boolean;
  /** Things the user should know (a port fallback, Redis unreachable). */
  notices: string[];
  log: LabLog;
  /** The lab's events of the attempt a report describes. */
  eventsOf(report: ConnectReport): LabEvent[];
  /** Puts a new built-in table in force for the next lookups (the caller has saved it in lab.json). */
  setTable(state: LabPki['state']): void;
  /** The demo identities as profiles for this running lab. */
  demoProfiles(options?: { host?: string; tls?: 'TLSv1.2' | 'TLSv1.3' }): Promise<DemoProfile[]>;
  stop(): Promise<void>;
}

export interface LabError {
  code: 'config-invalid' | 'port-in-use' | 'listen-failed' | LabPkiError['code'];
  message: string;
}

/** Starts the lab; every expected failure (bad config, damaged PKI, port taken) is a value. */
export async function startLab(options: LabOptions): Promise<Result<Lab, LabError>> {
  const now = options.now ?? (() => new Date());
  const parsed = LabAuthConfig.safeParse(options.auth ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({ code: 'config-invalid', message: `Lab auth settings: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? '?'}` });
  }
  const auth = parsed.data;
  const log = options.log ?? new LabLog(options.logLimit, now);
  const unlisten = options.onEvent ? log.on(options.onEvent) : () => undefined;
  const opened = options.regenerate
    ? await regenerateLabPki(options.dataDir, now()).then((r) => (r.ok ? ok({ pki: r.value, created: true }) : r))
    : await ensureLabPki(options.dataDir, now());
  if (!opened.ok) {
    unlisten();
    return opened;
  }
  const { pki, created } = opened.value;
  const info = (message: string) => log.emit({ kind: 'lab', attempt: null, level: 'info', message });
  const notices: string[] = [];
  if (created) info(`Issued the lab PKI in ${pki.dir}: a CA, a broker certificate and ${pki.state.identities.length} demo identities.`);

  const source = await authSource(auth, pki, log, notices);
  let front: TlsFront | null = null;
  const broker = await LabBroker.create(source, auth, log, { noteClose: (socket, reason) => front?.noteClose(socket, reason) });
  front = new TlsFront(
    { key: pki.brokerKeyPem, cert: pki.brokerCertPem, ca: pki.caPem, crl: pki.crlPem },
    log,
    ({ socket, attempt, identity }) => {
      if (identity.commonName === null) {
        // A verified certificate without a CN names nobody the auth source could look up.
        front?.noteClose(socket, 'certificate without a CN');
        socket.destroy();
        return;
      }
      broker.handle(socket, attempt, { ...identity, commonName: identity.commonName });
    },
  );
  const port = options.port ?? DEFAULT_LAB_PORT;
  const listening = await front.listen(options.hosts ?? LAB_HOSTS, port, options.portFallback ?? options.port === undefined);
  if (!listening.ok) {
    await Promise.all([broker.close(), source.close()]);
    unlisten();
    return err(listening.error);
  }
  if (listening.value.notice) {
    notices.push(listening.value.notice);
    log.emit({ kind: 'lab', attempt: null, level: 'warning', message: listening.value.notice });
  }
  const addresses = front.addresses.map((a) => (a.includes(':') ? `[${a}]:${front.port}` : `${a}:${front.port}`));
  info(
    `Lab broker listening on ${addresses.join(' and ')} (MQTT 3.1.1 over TLS 1.2/1.3, client certificates required; auth: ${describeSource(auth)}).`,
  );
  const running = front;
  const tlsMaterial = { key: pki.brokerKeyPem, cert: pki.brokerCertPem, ca: pki.caPem };
  let record = pki.record;
  const crlTimer = setInterval(() => {
    void signCrl(pki.dir, record, pki.signer, now()).then((crl) => {
      if (!crl.ok) return log.emit({ kind: 'lab', attempt: null, level: 'error', message: crl.error.message });
      record = crl.value.record;
      running.setMaterial({ ...tlsMaterial, crl: crl.value.pem });
      info(`Signed a fresh CRL (number ${record.crlNumber}).`);
    });
  }, options.crlRefreshMs ?? CRL_REFRESH_MS);
  crlTimer.unref();
  let stopped = false;
  return ok({
    port: running.port,
    addresses: running.addresses,
    dir: pki.dir,
    auth,
    pki,
    created,
    notices,
    log,
    eventsOf: (report) => labEventsOf(report, log.recent()),
    setTable(state) {
      pki.state = state;
      if (source instanceof BuiltInAuth) source.replace(state.table);
    },
    demoProfiles: (o = {}) =>
      demoProfiles(pki, { host: o.host ?? 'localhost', port: running.port, refusal: auth.refusal, ...(o.tls ? { tls: o.tls } : {}) }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(crlTimer);
      await running.close();
      await broker.close();
      await source.close();
      info('Lab broker stopped.');
      unlisten();
    },
  });
}

function describeSource(auth: LabAuthSettings): string {
  if (auth.source === 'redis' && auth.redis) return `Redis ${redactRedisUrl(auth.redis.url)}, ${auth.redis.query}, ${auth.redis.hash}`;
  return 'built-in table';
}

async function authSource(auth: LabAuthSettings, pki: LabPki, log: LabLog, notices: string[]): Promise<AuthSource> {
  if (auth.source !== 'redis' || !auth.redis) return new BuiltInAuth(pki.state.table);
  const redis = await RedisAuth.create(auth.redis, log);
  if (!(await redis.ready(auth.redis.timeoutMs))) {
    const notice = `Redis at ${redactRedisUrl(auth.redis.url)} is not reachable yet: attempts get CONNACK "server unavailable" until it is.`;
    notices.push(notice);
    log.emit({ kind: 'lab', attempt: null, level: 'warning', message: notice });
  }
  return redis;
}
