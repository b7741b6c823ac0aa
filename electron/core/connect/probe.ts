import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP, Socket, connect as netConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { X509Certificate } from 'node:crypto';
import tls, { type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { MqttClient, type IClientOptions, type IConnackPacket, type Packet } from 'mqtt';
import type WebSocket from 'ws';
import { cloudPreset } from '../../../shared/connect/cloud-presets';
import { findingKind } from '../../../shared/connect/finding-catalog';
import type { CertSummary, ConnectReport, Finding, Phase, PhaseEvent, TimelineEntry, TlsInfo } from '../../../shared/connect/report';
import { settingsProblems } from '../../../shared/connect/settings-rules';
import { ConnectSettings, bareHost, brokerUrl, wsPath } from '../../../shared/connect/settings';
import { isWebSocket, usesTls } from '../../../shared/connect/transport';
import { describeTrust } from '../../../shared/connect/trust';
import { DEFAULT_CERT_EXPIRY_WARNING_DAYS } from '../../../shared/profile/app-settings';
import type { MissingFile } from '../../../shared/profile/profile';
import { connackCodeName, reasonCodeName, subackCodeName, isGranted } from '../../../shared/mqtt/reason-codes';
import type { IdentityFacts, IdentityMaterial, IdentitySecrets, PreparedTls } from '../certs/material';
import { lintChain } from '../certs/lint';
import { reportFindingsOf } from '../certs/lint-findings';
import { preflight } from '../certs/preflight';
import { unlockMaterial } from '../certs/unlock';
import { summarizeCertificate } from '../certs/summary';
import { builtInCaCount, systemTrust, type SystemTrust } from '../certs/system-trust';
import { derivedCache } from '../certs/derived-cache';
import { diagnose } from './diagnose';
import type { KeyLogSink } from './key-log';
import type { Failure, Observations, RawError } from './observations';
import { checkTls, looksLikeTlsRecord, type TlsCheck } from './tls-check';
import type { UpgradeFacts } from './websocket-upgrade';

export interface ConnectInput {
  settings: ConnectSettings;
  material: IdentityMaterial;
  secrets: IdentitySecrets;
  /** Files the profile names but does not hold (an import could not read them): the attempt stops in preflight. */
  missingFiles?: readonly MissingFile[];
}

const SLOT_WORDS: Readonly<Record<MissingFile['slot'], string>> = {
  ca: 'CA file',
  cert: 'client certificate',
  key: 'private key',
  pfx: 'PKCS#12 bundle',
};

/** The explanation of a `material-missing` stop: each missing file, its slot and where it was. */
function missingFilesMessage(missing: readonly MissingFile[]): string {
  // One reason for all of them (the web host reads no path an import names) is said once.
  const oneReason = missing.every((m) => m.reason === missing[0]!.reason);
  const list = missing
    .map((m) => `the ${SLOT_WORDS[m.slot]} "${m.fileName}" (was ${m.path}${oneReason ? '' : `: ${m.reason}`})`)
    .join('; ');
  const them = missing.length === 1 ? 'it' : 'them';
  return `The profile names ${missing.length === 1 ? 'a file' : 'files'} it does not hold: ${list}${oneReason ? `; ${missing[0]!.reason}` : ''}. Without ${them} the identity this profile was made for cannot be presented.`;
}

export interface ConnectOptions {
  signal?: AbortSignal;
  onPhase?: (event: PhaseEvent) => void;
  /** Keep the MQTT session open when the broker accepts (the app's live connection). */
  keepOpen?: boolean;
  now?: () => Date;
  /** A client or broker certificate expiring within this many days is a warning (0: never); default 30. */
  expiryWarningDays?: number;
  /** Findings of the front itself (e.g. the CLI's `--password`), reported with the attempt's own. */
  findings?: Finding[];
  /** Where this attempt's TLS secrets go (NSS key log lines); none: not logged. The caller opens and closes it. */
  keyLog?: KeyLogSink;
  /** The OS trust store, for settings with `useSystemCa`; defaults to this process's (SSL_CERT_FILE, Node's OS store, the platform bundle). */
  systemTrust?: () => SystemTrust;
}

/** A live MQTT session the probe handed over after an accepted attempt. */
export interface LiveSession {
  client: MqttClient;
  /** The socket under MQTT (TCP or TLS; under a WebSocket, the one carrying it). */
  socket: Socket;
  report: ConnectReport;
  /** Ends the session (DISCONNECT, then the socket) and resolves once the socket is closed. */
  close(): Promise<void>;
}

export interface ConnectOutcome {
  report: ConnectReport;
  session: LiveSession | null;
}

/** Thrown inside the attempt to stop at the first failure; never escapes `connect`. */
class Stop extends Error {
  constructor(readonly failure: Failure) {
    super(failure.kind);
  }
}

const toRaw = (e: unknown): RawError => {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; syscall?: unknown; errno?: unknown };
    return {
      code: typeof o.code === 'string' ? o.code : typeof o.code === 'number' ? String(o.code) : undefined,
      message: typeof o.message === 'string' ? o.message : String(e),
      syscall: typeof o.syscall === 'string' ? o.syscall : undefined,
      errno: typeof o.errno === 'number' ? o.errno : undefined,
    };
  }
  return { message: String(e) };
};

/** Whether Node's TLS is OpenSSL, whose shared signature algorithms tell a CertificateRequest apart. */
const OPENSSL_SIGALGS = typeof process.versions.openssl === 'string' && !/boringssl/i.test(process.versions.openssl);

const hex = (b: Buffer) => b.subarray(0, 16).toString('hex').replace(/(..)/g, '$1 ').trim();

/**
 * One connection attempt, phase by phase (DESIGN §4), ending in exactly one ConnectReport.
 * The probe owns the TCP and TLS sockets and hands the TLS socket to mqtt.js only after
 * `secureConnect`, so every alert (including TLS 1.3 post-handshake ones) is observed here.
 */
export async function connect(input: ConnectInput, options: ConnectOptions = {}): Promise<ConnectOutcome> {
  const attempt = new Attempt(input, options);
  return attempt.run();
}

class Attempt {
  private readonly id = randomUUID();
  private readonly t0 = performance.now();
  private readonly now: () => Date;
  private readonly startedAt: Date;
  private timeline: TimelineEntry[] = [];
  private open: { phase: Phase; startMs: number } | null = null;
  private reached: Phase = 'preflight';
  private findings: Finding[] = [];
  private identity: IdentityFacts | null = null;
  private tlsInfo: TlsInfo | null = null;
  private mqttInfo: Observations['mqtt'] = null;
  private accessInfo: Observations['access'] = null;
  private address: string | null = null;
  private tcp: Socket | null = null;
  private secure: TLSSocket | null = null;
  /** The socket MQTT (or the WebSocket under it) runs on: `tcp` or `secure`. */
  private transport: Socket | null = null;
  private ws: WebSocket | null = null;
  /** The WebSocket upgrade as answered (ws://, wss://). */
  private wsFacts: UpgradeFacts | null = null;
  private client: MqttClient | null = null;
  /** The certificate preflight prepared to send, if the broker asks (what a failed handshake offered). */
  private offered: CertSummary | null = null;
  /** Which CAs this attempt trusts for the broker. */
  private trust: TlsInfo['trust'] = undefined;
  /** What the TLS handshake showed before it ended, read while it ran (a failed one has no other record). */
  private handshakeView: Pick<TlsInfo, 'protocol' | 'cipher' | 'peerChain' | 'clientCertificateRequested'> | null = null;
  /** The broker's chain as read during the handshake (read once: a Certificate message comes whole). */
  private peerChain: { cert: X509Certificate; summary: CertSummary }[] | null = null;
  private keyLogWritten = false;
  /** The first bytes the broker sent back (on a plain connection: kept for the TLS check). */
  private firstChunk: Buffer | null = null;
  /** When the broker's first bytes after the handshake arrived (a TLS 1.3 session ticket or data), and which. */
  private firstBytes: { atMs: number; by: 'session-ticket' | 'data' } | null = null;
  /** Called once when the first bytes arrive while client-auth waits for them. */
  private onFirstBytes: () => void = () => {};
  private tlsCheck: TlsCheck | null = null;
  /** Rejects with Stop when a socket/client event ends the attempt while a phase awaits. */
  private interrupt: (f: Failure) => void = () => {};
  private pendingFailure: Failure | null = null;
  private settings: ConnectSettings;

  constructor(
    private readonly input: ConnectInput,
    private readonly options: ConnectOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    this.settings = input.settings;
    this.findings.push(...(options.findings ?? []));
  }

  private ms(): number {
    return performance.now() - this.t0;
  }

  /** Opens a phase now, or at `startMs` (a phase timed from an earlier moment, e.g. CONNECT sent). */
  private begin(phase: Phase, detail = '', startMs = this.ms()): void {
    this.open = { phase, startMs };
    this.reached = phase;
    this.options.onPhase?.({ attemptId: this.id, phase, state: 'started', atMs: startMs, detail: detail || undefined });
  }

  /** Closes the open phase now, or at `endMs` (a moment recorded when it happened). */
  private end(ok: boolean, detail: string, data?: TimelineEntry['data'], endMs = this.ms()): void {
    if (!this.open) return;
    this.timeline.push({ phase: this.open.phase, startMs: this.open.startMs, endMs, ok, detail, ...(data ? { data } : {}) });
    this.options.onPhase?.({ attemptId: this.id, phase: this.open.phase, state: ok ? 'passed' : 'failed', atMs: endMs, detail });
    this.open = null;
  }

  /**
   * Waits for the current phase: `work` resolves it; a timeout, an abort or an interrupting
   * socket event rejects it with Stop, naming the phase reached at that moment. Timers and
   * listeners are always cleared.
   */
  private async waitPhase<T>(timeoutMs: number, work: (resolve: (v: T) => void, fail: (f: Failure) => void) => void): Promise<T> {
    if (this.pendingFailure) throw new Stop(this.pendingFailure);
    const signal = this.options.signal;
    if (signal?.aborted) throw new Stop({ kind: 'aborted', phase: this.reached });
    return await new Promise<T>((resolve, reject) => {
      let settled = false;
      const started = this.ms();
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.interrupt = (f) => {
          this.pendingFailure ??= f;
        };
        fn();
      };
      const fail = (f: Failure) => finish(() => reject(new Stop(f)));
      const onAbort = () => fail({ kind: 'aborted', phase: this.reached });
      const timer = setTimeout(() => fail({ kind: 'timeout', phase: this.reached, afterMs: this.ms() - started }), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.interrupt = fail;
      try {
        work((v) => finish(() => resolve(v)), fail);
      } catch (e) {
        fail({ kind: 'internal', error: toRaw(e) });
      }
    });
  }

  async run(): Promise<ConnectOutcome> {
    let failure: Failure | null = null;
    try {
      await this.walk();
    } catch (e) {
      failure = e instanceof Stop ? e.failure : { kind: 'internal', error: toRaw(e) };
      if (this.open) this.end(false, describeFailure(failure));
    }
    const keep = failure === null && this.options.keepOpen === true && this.client !== null;
    if (!keep) await this.teardown();
    if (failure && this.wrongTransportSuspected(failure) && this.address !== null) {
      const host = bareHost(this.settings.host);
      this.tlsCheck = await checkTls(
        { address: this.address, port: this.settings.port, servername: this.settings.servername ?? (isIP(host) ? undefined : host) },
        this.settings.timeouts.tls,
        this.options.signal,
      );
    }
    const report = diagnose(this.observations(failure));
    if (keep && this.client && this.tcp) {
      const client = this.client;
      const sockets = [this.secure, this.tcp].filter((s): s is Socket => s !== null);
      return {
        report,
        session: {
          client,
          socket: this.transport ?? this.tcp,
          report,
          close: async () => {
            await new Promise<void>((r) => client.end(false, {}, () => r()));
            await closeAll(sockets);
          },
        },
      };
    }
    return { report, session: null };
  }

  /**
   * A plain connection that the peer closed or reset before the CONNACK (or, for ws://, before
   * answering the upgrade), or that answered with a TLS record, may have reached a TLS port:
   * the follow-up check decides (DESIGN §4).
   */
  private wrongTransportSuspected(failure: Failure): boolean {
    if (usesTls(this.settings.protocol) || this.options.signal?.aborted) return false;
    const answerPhase = isWebSocket(this.settings.protocol) ? 'websocket' : 'connack';
    switch (failure.kind) {
      case 'closed':
      case 'error':
        return failure.phase === answerPhase;
      case 'not-mqtt':
        return this.firstChunk !== null && looksLikeTlsRecord(this.firstChunk);
      case 'websocket':
        return (
          failure.reason === 'no-answer' ||
          (failure.reason === 'not-http' &&
            failure.firstBytesHex !== null &&
            looksLikeTlsRecord(Buffer.from(failure.firstBytesHex.replace(/ /g, ''), 'hex')))
        );
      default:
        return false;
    }
  }

  private observations(failure: Failure | null): Observations {
    const { material } = this.input;
    return {
      id: this.id,
      startedAt: this.startedAt.toISOString(),
      durationMs: this.ms(),
      settings: this.settings,
      address: this.address,
      reached: this.reached,
      failure,
      timeline: this.timeline,
      tls: this.tlsInfo,
      mqtt: this.mqttInfo,
      access: this.accessInfo,
      findings: this.findings,
      clientCertConfigured: Boolean(material.cert || material.pfx),
      tlsMaterialGiven: Boolean(material.cert || material.key || material.pfx || material.ca.length > 0),
      identity: this.identity,
      tlsCheck: this.tlsCheck,
      websocket: this.wsFacts,
    };
  }

  private async teardown(): Promise<void> {
    const client = this.client;
    if (client) {
      await new Promise<void>((r) => client.end(true, {}, () => r()));
    }
    // A WebSocket that never carried MQTT (a refused upgrade) is ended with its socket.
    this.ws?.terminate();
    await closeAll([this.secure, this.tcp].filter((s): s is Socket => s !== null));
  }

  private async walk(): Promise<void> {
    const prepared = await this.preflight();
    const addresses = await this.resolve();
    this.tcp = await this.connectTcp(addresses);
    let transport: Socket = this.tcp;
    if (!usesTls(this.settings.protocol)) {
      this.tcp.on('error', (e) => this.interrupt({ kind: 'error', phase: this.reached, error: toRaw(e) }));
      this.tcp.on('close', () => this.interrupt({ kind: 'closed', phase: this.reached }));
    } else {
      this.secure = await this.handshake(this.tcp, prepared);
      transport = this.secure;
    }
    this.transport = transport;
    const waitForFirstBytes = this.beginClientAuth();
    const stream = isWebSocket(this.settings.protocol) ? await this.upgrade(transport, waitForFirstBytes) : transport;
    await this.mqttConnect(stream, stream === transport && waitForFirstBytes);
    if (this.settings.accessCheckTopic) await this.accessCheck(this.settings.accessCheckTopic);
  }

  private expiryWarningDays(): number {
    return this.options.expiryWarningDays ?? DEFAULT_CERT_EXPIRY_WARNING_DAYS;
  }

  // 1. preflight: local material only, no network.
  private async preflight(): Promise<PreparedTls | null> {
    this.begin('preflight');
    const parsed = ConnectSettings.safeParse(this.input.settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Stop({
        kind: 'preflight',
        cause: 'config-invalid',
        file: null,
        message: `The setting "${issue?.path.join('.') || '?'}" is invalid: ${issue?.message ?? 'unknown problem'}.`,
        hint: '',
      });
    }
    this.settings = parsed.data;
    const s = this.settings;
    // The rules the profile form and the CLI apply too (shared/connect/settings-rules.ts).
    const [problem] = settingsProblems(s, { passwordGiven: this.input.secrets.password !== undefined });
    if (problem) throw new Stop({ kind: 'preflight', cause: 'config-invalid', file: null, message: problem.message, hint: problem.hint });
    if (!usesTls(s.protocol)) {
      this.plainFindings();
      this.presetFindings(null);
      this.end(true, `plain ${s.protocol === 'ws' ? 'MQTT over WebSocket' : 'MQTT'}: no TLS material checked`, {
        warnings: this.warningCount(),
      });
      return null;
    }
    // A profile whose files an import could not read must not quietly connect without them (as
    // "no client certificate", or trusting no CA): the broker's answer would name the wrong cause.
    const missing = this.input.missingFiles ?? [];
    if (missing.length) {
      throw new Stop({
        kind: 'preflight',
        cause: 'material-missing',
        file: missing[0]!.fileName,
        message: missingFilesMessage(missing),
        hint: '',
      });
    }
    const system = s.useSystemCa ? (this.options.systemTrust ?? systemTrust)() : null;
    // The costly key derivations run on a worker, within the TLS phase's time limit.
    const unlocked = await unlockMaterial(this.input.material, this.input.secrets, s.timeouts.tls, this.options.signal);
    if (unlocked.kind === 'aborted') throw new Stop({ kind: 'aborted', phase: this.reached });
    if (unlocked.kind === 'failed') throw new Stop({ kind: 'preflight', ...unlocked.failure });
    const result = preflight(unlocked.material, this.input.secrets, this.now(), {
      minVersion: s.tlsMin,
      maxVersion: s.tlsMax,
      extraCa: system?.certificates,
      expiryWarningDays: this.expiryWarningDays(),
    });
    if (!result.ok) {
      throw new Stop({ kind: 'preflight', ...result.error });
    }
    const prepared = result.value;
    this.findings.push(...prepared.findings);
    this.identity = prepared.identity;
    this.offered = prepared.clientCertificate;
    if (s.verify === 'off') {
      this.findings.push({
        code: 'verification-off',
        message: "The broker's certificate is not verified: anyone could pose as this broker.",
      });
    } else if (s.verify === 'chain-only') {
      this.findings.push({ code: 'verification-chain-only', message: "The broker's host name is not checked against its certificate." });
    }
    const loaded = prepared.caCertificates.length;
    this.trust = {
      loaded,
      system: system ? { count: system.certificates.length, source: system.source, found: system.found } : null,
      // Without a CA and without the system store, Node trusts its own copy of Mozilla's list.
      builtIn: !system && loaded === 0 ? builtInCaCount() : null,
    };
    this.presetFindings(prepared.clientCertificate);
    const identity = prepared.clientCertificate
      ? `client certificate ${prepared.clientCertificate.commonName ?? prepared.clientCertificate.subject}`
      : 'no client certificate';
    const bundled = prepared.caCertificates.filter((c) => c.source?.endsWith('(bundled CA)')).length;
    this.end(true, `${describeTrust(this.trust, bundled)}, ${identity}`, {
      caCertificates: loaded,
      systemCertificates: system?.certificates.length ?? null,
      warnings: this.warningCount(),
    });
    return prepared;
  }

  /** How many warnings the attempt has raised so far: at the end of preflight, the ones preflight raised (its chip turns amber). */
  private warningCount(): number {
    return this.findings.filter((f) => findingKind(f.code) === 'warning').length;
  }

  /** What a profile without TLS leaves unused or unprotected. */
  private plainFindings(): void {
    const { material, secrets } = this.input;
    const s = this.settings;
    const tlsScheme = s.protocol === 'ws' ? 'wss://' : 'mqtts://';
    // Nothing here ever hands TLS material to mqtt.js, which would quietly upgrade mqtt:// to
    // TLS when given a certificate: plain means plain, and the report says what went unused.
    if (material.cert || material.key || material.pfx || material.ca.length > 0) {
      this.findings.push({
        code: 'tls-material-unused',
        message: `The profile uses plain ${s.protocol}://, so its CA and client certificate are not used: switch to ${tlsScheme} for TLS.`,
      });
    }
    if (secrets.password) {
      this.findings.push({ code: 'password-in-clear', message: 'The password goes over plain TCP, readable by anyone on the path.' });
    }
  }

  /** Where the settings break the rules of the cloud service they were made for (notes). */
  private presetFindings(clientCertificate: CertSummary | null): void {
    const s = this.settings;
    if (!s.preset) return;
    const { material, secrets } = this.input;
    const rules = cloudPreset(s.preset).conventions(s, {
      clientCn: clientCertificate?.commonName ?? null,
      hasClientCert: Boolean(material.cert || material.pfx),
      passwordGiven: Boolean(secrets.password),
    });
    for (const message of rules) this.findings.push({ code: 'preset-convention', message });
  }

  // 2. resolve
  private async resolve(): Promise<string[]> {
    const host = bareHost(this.settings.host);
    this.begin('resolve', host);
    if (isIP(host)) {
      this.address = host;
      this.end(true, `${host} is an address`, { address: host });
      return [host];
    }
    const addresses = await this.waitPhase<string[]>(this.settings.timeouts.resolve, (resolve, fail) => {
      lookup(host, { all: true }).then(
        (list) => resolve(list.map((a) => a.address)),
        (e: unknown) => fail({ kind: 'error', phase: 'resolve', error: toRaw(e) }),
      );
    });
    const first = addresses[0];
    if (!first) throw new Stop({ kind: 'error', phase: 'resolve', error: { code: 'ENOTFOUND', message: `no address for ${host}` } });
    this.address = first;
    this.end(true, addresses.join(', '), { address: first, addresses: addresses.join(', ') });
    return addresses;
  }

  // 3. tcp
  private async connectTcp(addresses: string[]): Promise<Socket> {
    const port = this.settings.port;
    this.begin('tcp', `${addresses.join(' or ')} port ${port}`);
    const tried: string[] = [];
    // A name with several addresses (localhost: ::1 and 127.0.0.1) is tried address by
    // address, in resolver order, while the earlier ones refuse or are unreachable; one
    // time limit covers them all.
    const socket = await this.waitPhase<Socket>(this.settings.timeouts.tcp, (resolve, fail) => {
      const tryAt = (i: number) => {
        const address = addresses[i]!;
        tried.push(address);
        this.address = address;
        const s = netConnect({ host: address, port });
        this.tcp = s;
        const onError = (e: Error) => {
          if (i + 1 < addresses.length) {
            s.destroy();
            tryAt(i + 1);
          } else {
            fail({ kind: 'error', phase: 'tcp', error: toRaw(e) });
          }
        };
        s.once('error', onError);
        s.once('connect', () => {
          s.removeListener('error', onError);
          resolve(s);
        });
      };
      tryAt(0);
    });
    socket.setNoDelay(true);
    // Errors after this point are observed by the phase that owns the socket.
    socket.on('error', () => {});
    this.end(true, `connected to ${this.address}:${port}`, { localPort: socket.localPort ?? null, tried: tried.join(', ') });
    const host = bareHost(this.settings.host);
    if (!isIP(host)) {
      const failed = tried.slice(0, -1);
      this.findings.push({
        code: 'address-used',
        message: `"${host}" resolved to ${addresses.join(', ')}; connected to ${this.address}${failed.length ? ` (after ${failed.join(', ')} did not answer)` : ''}.`,
      });
    }
    return socket;
  }

  // 4. tls: the broker's certificate and our verdict on it.
  private async handshake(socket: Socket, prepared: PreparedTls | null): Promise<TLSSocket> {
    const s = this.settings;
    const host = bareHost(s.host);
    const sni = s.servername ?? (isIP(host) ? undefined : host);
    this.begin('tls', sni ? `SNI ${sni}` : 'no SNI (address)');
    const opts: ConnectionOptions = {
      socket,
      servername: sni,
      // Built once in preflight with the CAs, identity and TLS versions; the other context
      // options are ignored by tls.connect when a secureContext is given.
      secureContext: prepared?.secureContext,
      minVersion: s.tlsMin,
      maxVersion: s.tlsMax,
      ALPNProtocols: s.alpn,
      // Verification is decided below from `authorized` and our own host check, so that the
      // broker's chain is always captured and "verification off" can say what it would have found.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    };
    let handshakeDone = false;
    let secure: TLSSocket;
    try {
      secure = await this.waitPhase<TLSSocket>(s.timeouts.tls, (resolve) => {
        const t = tls.connect(opts);
        this.secure = t;
        t.once('secureConnect', () => {
          handshakeDone = true;
          resolve(t);
        });
        // A TLS 1.3 session ticket is the broker's first word after our Finished: a server sends it
        // only after it has received our Finished (RFC 8446 §4.6.1), and it aborts the handshake
        // instead if it rejects our certificate (§4.4.2.4). The listener also turns Node's session
        // callbacks on, which it does only for a client that listens for 'session'.
        t.on('session', () => {
          if (handshakeDone && t.getProtocol() === 'TLSv1.3') this.sawFirstBytes('session-ticket');
        });
        // Each secret as the handshake derives it: for the key log when one is asked for, and as
        // the moment to read what the handshake has shown so far (a refused one shows nothing after).
        t.on('keylog', (line: Buffer) => this.onKeyLog(t, line, handshakeDone));
        // These stay for the socket's life, routed to whichever phase is waiting: after the
        // handshake a socket error is the broker's verdict on us until the CONNACK (TLS 1.3 sends
        // client-certificate alerts after the client's Finished, RFC 8446 §4.4.2.4).
        t.on('error', (e) => {
          if (!handshakeDone) this.viewHandshake(t);
          this.interrupt({ kind: 'error', phase: this.reached, error: toRaw(e) });
        });
        t.once('close', () => this.interrupt({ kind: 'closed', phase: this.reached }));
      });
    } catch (e) {
      // Under TLS 1.2 the broker refuses our certificate inside the handshake: what the handshake
      // showed while it ran (version, cipher, the broker's chain, the certificate we offered)
      // is all the report will have, so it is kept.
      this.tlsInfo = this.failedHandshakeInfo(sni ?? null, prepared);
      throw e;
    }
    return this.judgeBroker(secure, prepared, sni ?? null);
  }

  /** One NSS key log line: written to the sink (once warned about), and a moment to read the handshake. */
  private onKeyLog(t: TLSSocket, line: Buffer, handshakeDone: boolean): void {
    if (!handshakeDone) this.viewHandshake(t);
    const sink = this.options.keyLog;
    if (!sink) return;
    sink.write(line);
    if (this.keyLogWritten) return;
    this.keyLogWritten = true;
    this.findings.push({
      code: 'tls-key-log',
      message: `The TLS secrets of this attempt were written to ${sink.target} (NSS key log, as Wireshark reads it): with that file, anyone holding a capture of the traffic can decrypt the whole session, the MQTT password included. Delete it when done.`,
    });
  }

  /** What the handshake in progress has shown: version, cipher, the broker's chain, whether it asked for a certificate. */
  private viewHandshake(t: TLSSocket): void {
    try {
      const protocol = t.getProtocol();
      // Before the ServerHello there is nothing to read.
      if (!protocol) return;
      const cipher = t.getCipher();
      let requested: boolean | null = null;
      if (OPENSSL_SIGALGS) requested = t.getSharedSigalgs().length > 0;
      // The broker's chain comes in one Certificate message: once read, it is the chain.
      if (!this.peerChain?.length) this.peerChain = peerChainOf(t);
      this.handshakeView = {
        protocol,
        cipher: cipher ? { name: cipher.name, standardName: cipher.standardName, version: cipher.version } : null,
        peerChain: this.peerChain.map((p) => p.summary),
        clientCertificateRequested: requested,
      };
    } catch {
      // The handle is gone (the socket was destroyed): keep the last view.
    }
  }

  /** The TLS record of a handshake that did not finish; null when it never got past the ClientHello. */
  private failedHandshakeInfo(sni: string | null, prepared: PreparedTls | null): TlsInfo | null {
    const view = this.handshakeView;
    if (!view) return null;
    return {
      ...view,
      alpn: null,
      sniSent: sni,
      verification: this.settings.verify,
      authorized: false,
      authorizationError: null,
      hostnameMatches: null,
      verificationFinding: null,
      // What we offered: under TLS 1.2 a CertificateRequest came before our key exchange, so
      // the certificate went out whenever one was asked for and configured.
      clientCertificate: view.clientCertificateRequested === false ? null : (prepared?.clientCertificate ?? null),
      handshake: 'failed',
      ...(this.trust ? { trust: this.trust } : {}),
    };
  }

  /** The broker's certificate after a finished handshake, and our verdict on it. */
  private judgeBroker(secure: TLSSocket, prepared: PreparedTls | null, sni: string | null): TLSSocket {
    const s = this.settings;
    const host = bareHost(s.host);
    const peer = this.peerChain?.length ? this.peerChain : peerChainOf(secure);
    const peerChain = peer.map((p) => p.summary);
    // The broker's chain through the same certificate lint as ours (weak keys, SHA-1, expiry).
    const peerLint = lintChain(
      { cas: [], chain: peer.map((p) => p.cert), key: null },
      { role: 'server', expiresSoonDays: this.expiryWarningDays() },
      this.now(),
    );
    this.findings.push(...reportFindingsOf(peerLint, 'server', "The broker's certificate"));
    const leaf = secure.getPeerCertificate(false);
    const identity = s.servername ?? host;
    const hostError = leaf && Object.keys(leaf).length ? tls.checkServerIdentity(identity, leaf) : new Error('no certificate');
    const authorizationError = secure.authorizationError ? String(secure.authorizationError) : null;
    const finding = authorizationError ?? (hostError ? 'ERR_TLS_CERT_ALTNAME_INVALID' : null);
    const cipher = secure.getCipher();
    const protocol = secure.getProtocol();
    this.tlsInfo = {
      protocol,
      cipher: cipher ? { name: cipher.name, standardName: cipher.standardName, version: cipher.version } : null,
      alpn: secure.alpnProtocol || null,
      sniSent: sni,
      verification: s.verify,
      authorized: secure.authorized,
      authorizationError,
      hostnameMatches: hostError ? false : true,
      verificationFinding: finding,
      peerChain,
      clientCertificate: null,
      clientCertificateRequested: null,
      handshake: 'complete',
      ...(this.trust ? { trust: this.trust } : {}),
    };
    this.settleCertificateRequest(secure, prepared);
    const data = {
      protocol,
      cipher: cipher?.standardName ?? cipher?.name ?? null,
      alpn: secure.alpnProtocol || null,
      authorized: secure.authorized,
    };
    if (s.verify !== 'off' && authorizationError) {
      this.end(false, `broker certificate not trusted: ${authorizationError}`, data);
      throw new Stop({ kind: 'verify', finding: authorizationError, message: authorizationError });
    }
    if (s.verify === 'full' && hostError) {
      this.end(false, `broker certificate does not match ${identity}`, data);
      throw new Stop({ kind: 'verify', finding: 'ERR_TLS_CERT_ALTNAME_INVALID', message: hostError.message });
    }
    if (s.verify === 'chain-only' && hostError) {
      this.findings.push({
        code: 'hostname-mismatch-ignored',
        message: `The broker's certificate does not name "${identity}"; ignored because verification is chain-only.`,
      });
    }
    if (s.verify === 'off' && finding) {
      this.findings.push({ code: 'verification-would-fail', message: `Full verification would have failed: ${finding}.` });
    }
    this.end(true, `${protocol ?? 'TLS'} ${cipher?.standardName ?? cipher?.name ?? ''}`.trim(), data);
    return secure;
  }

  /**
   * Whether the broker sent a CertificateRequest, and so whether our certificate went out.
   * OpenSSL fills the client's list of signature algorithms shared with the server only while
   * it processes a CertificateRequest (tls_process_certificate_request), so after the handshake
   * an empty `getSharedSigalgs()` means none came, under TLS 1.2 and 1.3 alike.
   */
  private settleCertificateRequest(secure: TLSSocket, prepared: PreparedTls | null): void {
    const info = this.tlsInfo;
    if (!info) return;
    let requested: boolean | null = null;
    // Only OpenSSL is known to behave so. Electron builds Node against BoringSSL and lists no
    // OpenSSL version (electron/electron#21118): there the request stays unknown, and a
    // configured certificate counts as offered.
    if (OPENSSL_SIGALGS) {
      try {
        requested = secure.getSharedSigalgs().length > 0;
      } catch {
        // No SSL_get_shared_sigalgs after all: unknown, as above.
      }
    }
    info.clientCertificateRequested = requested;
    info.clientCertificate = requested === false ? null : (prepared?.clientCertificate ?? null);
    const configured = prepared?.clientCertificate;
    if (requested === false && configured) {
      this.findings.push({
        code: 'client-cert-not-requested',
        message: `The broker asked for no client certificate, so "${configured.commonName ?? configured.subject}" was not sent: this listener does not authenticate clients by certificate.`,
      });
    }
  }

  /** Records the broker's first bytes after the handshake (once) and lets a waiting client-auth phase end. */
  private sawFirstBytes(by: 'session-ticket' | 'data'): void {
    if (this.firstBytes) return;
    this.firstBytes = { atMs: this.ms(), by };
    this.onFirstBytes();
  }

  /**
   * 5. client-auth: what the broker did with our certificate, as far as the wire shows it.
   * Returns true when the phase stays open until the broker's first bytes (TLS 1.3 with a
   * certificate request); otherwise it is settled here, at the end of the handshake.
   */
  private beginClientAuth(): boolean {
    const info = this.tlsInfo;
    if (!info) return false;
    const sent = info.clientCertificate;
    const data = { certificateRequested: info.clientCertificateRequested, certificateSent: sent !== null, endedBy: 'handshake' };
    if (info.clientCertificateRequested === false) {
      this.begin('client-auth');
      this.end(true, `the broker asked for no client certificate${this.identity ? ', so ours was not sent' : ''}`, data);
      return false;
    }
    if (info.protocol === 'TLSv1.3') {
      this.begin('client-auth', 'TLS 1.3: the broker judges the client certificate after the handshake');
      return true;
    }
    // Under TLS 1.2 the broker's Finished came after it checked our certificate.
    this.begin('client-auth');
    const protocol = info.protocol ?? 'TLS';
    this.end(
      true,
      info.clientCertificateRequested === null
        ? `${protocol}: the handshake finished (whether the broker asked for a client certificate is not visible with this TLS library)`
        : sent
          ? `${protocol}: the broker checked "${sent.commonName ?? sent.subject}" within the handshake`
          : `${protocol}: no client certificate was sent, and the broker went on without one`,
      data,
    );
    return false;
  }

  /**
   * While client-auth waits for the broker's first bytes, the next phase (`websocket` or
   * `connack`) starts only when they come: client-auth ends then, and the next phase opens,
   * timed from its request (`sentMs`) when that went out earlier.
   */
  private afterClientAuth(next: 'websocket' | 'connack', sentMs: () => number | null, detail = ''): void {
    this.onFirstBytes = () => {
      const first = this.firstBytes;
      if (this.open?.phase !== 'client-auth' || !first) return;
      const sent = this.tlsInfo?.clientCertificate;
      const what = first.by === 'session-ticket' ? 'a session ticket' : next === 'websocket' ? 'HTTP' : 'MQTT';
      this.end(
        true,
        sent
          ? `the broker took "${sent.commonName ?? sent.subject}": its first bytes (${what}) came after our Finished`
          : 'no client certificate was sent, and the broker went on without one',
        { certificateRequested: this.tlsInfo?.clientCertificateRequested ?? null, certificateSent: Boolean(sent), endedBy: first.by },
        first.atMs,
      );
      this.begin(next, detail, sentMs() ?? first.atMs);
    };
    // A session ticket may have come before the request went out.
    if (this.firstBytes) this.onFirstBytes();
  }

  // 5b. websocket: the HTTP upgrade (RFC 6455 §4.1), from the request sent to the 101 read. It
  // shares the CONNACK's time limit: both wait for the server's answer to a request.
  private async upgrade(transport: Socket, waitForFirstBytes: boolean): Promise<Duplex> {
    const s = this.settings;
    const url = brokerUrl(s.protocol, s.host, s.port, wsPath(s));
    // Loaded here, not with the probe: only ws:// and wss:// need the WebSocket client.
    const { startUpgrade } = await import('./websocket-upgrade');
    if (!waitForFirstBytes) this.begin('websocket', url);
    let sentMs: number | null = null;
    const stream = await this.waitPhase<Duplex>(s.timeouts.connack, (resolve, fail) => {
      if (waitForFirstBytes) this.afterClientAuth('websocket', () => sentMs, url);
      const { facts, ws } = startUpgrade(
        transport,
        { url },
        {
          requestSent: () => {
            sentMs = this.ms();
            if (this.open?.phase === 'websocket') this.open.startMs = sentMs;
          },
          opened: (duplex) => resolve(duplex),
          failed: (f) => fail({ kind: 'websocket', ...f }),
        },
      );
      this.wsFacts = facts;
      this.ws = ws;
      // Registered now, before Node's HTTP client reads the socket (on the next tick): the
      // broker's first bytes (the HTTP answer) end client-auth under TLS 1.3.
      transport.on('data', () => this.sawFirstBytes('data'));
    });
    this.onFirstBytes = () => {};
    const f = this.wsFacts;
    this.end(true, `HTTP ${f?.status ?? 101} ${f?.statusText ?? ''}`.trim() + `, subprotocol ${f?.subprotocolAnswered ?? '?'}`, {
      status: f?.status ?? null,
      subprotocol: f?.subprotocolAnswered ?? null,
    });
    return stream;
  }

  // 5 + 6. client-auth and connack. Each phase keeps its own time: under TLS 1.3 client-auth
  // ends with the broker's first bytes after the handshake; CONNACK runs from CONNECT sent to
  // CONNACK read, so the two may overlap. Over a WebSocket, client-auth ended with the upgrade.
  private async mqttConnect(stream: Duplex, waitForFirstBytes: boolean): Promise<void> {
    const s = this.settings;
    const overWebSocket = isWebSocket(s.protocol);
    const clientOptions: IClientOptions = {
      protocolVersion: s.mqttVersion === '5' ? 5 : 4,
      clientId: s.clientId,
      username: s.username,
      password: this.input.secrets.password,
      clean: s.cleanStart,
      keepalive: s.keepalive,
      reconnectPeriod: 0,
      resubscribe: false,
      // CONNECT goes out from `client.connect()` below, once every listener is in place.
      manualConnect: true,
      // Our own per-phase timer decides; mqtt.js's must never fire first.
      connectTimeout: s.timeouts.connack + 60_000,
      properties: s.mqttVersion === '5' ? s.properties : undefined,
      will: s.will ? { topic: s.will.topic, payload: Buffer.from(s.will.payload), qos: s.will.qos, retain: s.will.retain } : undefined,
    };
    this.mqttInfo = {
      version: s.mqttVersion,
      clientId: s.clientId,
      username: s.username ?? null,
      passwordSent: Boolean(this.input.secrets.password),
      cleanStart: s.cleanStart,
      keepalive: s.keepalive,
      ...(s.mqttVersion === '5' && s.properties ? { connectProperties: { ...s.properties } } : {}),
      sessionPresent: null,
      connackCode: null,
      connackName: null,
      connackProperties: null,
    };
    if (!waitForFirstBytes) this.begin('connack');
    let connectSentMs: number | null = null;
    const connack = await this.waitPhase<IConnackPacket>(s.timeouts.connack, (resolve, fail) => {
      if (waitForFirstBytes) this.afterClientAuth('connack', () => connectSentMs);
      // Registered before mqtt.js pipes the stream, so the first bytes are judged here first.
      stream.on('data', (chunk: Buffer) => {
        if (this.firstChunk) return;
        this.firstChunk = chunk;
        if (!overWebSocket) this.sawFirstBytes('data');
        // CONNACK is packet type 2 (MQTT 3.1.1 §2.2.1, 5.0 §2.1.2): 0x20 with zero flags.
        if (chunk[0] !== 0x20) fail({ kind: 'not-mqtt', firstBytesHex: hex(chunk) });
      });
      const client = new MqttClient(() => stream, clientOptions);
      this.client = client;
      client.on('packetsend', (packet: Packet) => {
        if (packet.cmd !== 'connect') return;
        connectSentMs = this.ms();
        if (this.open?.phase === 'connack') this.open.startMs = connectSentMs;
      });
      // mqtt.js re-emits stream errors (those carry a code; the socket listeners above record
      // them). A code-less error before the CONNACK is mqtt.js refusing what it parsed or sent.
      client.on('error', (e: Error & { code?: unknown }) => {
        if (e.code !== undefined || this.mqttInfo?.connackCode !== null) return;
        fail(
          this.firstChunk
            ? { kind: 'not-mqtt', firstBytesHex: hex(this.firstChunk) }
            : { kind: 'internal', error: { code: 'ERR_MQTT_CLIENT', message: e.message } },
        );
      });
      client.on('packetreceive', (packet: Packet) => {
        if (packet.cmd === 'connack') resolve(packet);
      });
      client.connect();
    });
    this.onFirstBytes = () => {};
    const version = connackVersionOf(s.mqttVersion, connack);
    const code = (s.mqttVersion === '5' ? connack.reasonCode : connack.returnCode) ?? 0;
    const name = connackCodeName(version, code);
    const props = (connack.properties ?? null) as Record<string, unknown> | null;
    this.mqttInfo = {
      ...this.mqttInfo,
      clientId: s.clientId || (typeof props?.assignedClientIdentifier === 'string' ? props.assignedClientIdentifier : ''),
      sessionPresent: connack.sessionPresent,
      connackCode: code,
      connackName: name,
      ...(version !== s.mqttVersion ? { connackVersion: version } : {}),
      connackProperties: props,
    };
    if (code !== 0) {
      this.end(false, `${version !== s.mqttVersion ? `MQTT ${version} CONNACK: ` : ''}${name} (${code})`, { code, version });
      const reasonString = typeof props?.reasonString === 'string' ? props.reasonString : undefined;
      const userProperties = props?.userProperties as Record<string, string | string[]> | undefined;
      throw new Stop({ kind: 'connack', code, version, reasonString, userProperties });
    }
    this.end(true, `${name}${connack.sessionPresent ? ', session present' : ''}`, {
      code,
      sessionPresent: connack.sessionPresent,
    });
  }

  // 7. access: subscribe, publish QoS 1, wait for the echo.
  private async accessCheck(topic: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    const s = this.settings;
    this.begin('access', topic);
    this.accessInfo = { topic, subscribe: null, publish: null, echo: false, echoMs: null };
    const info = this.accessInfo;
    const marker = `keyhole access check ${this.id}`;
    const startMs = this.ms();
    // Every listener the check adds is removed when it ends: a session kept open afterwards
    // (the app's live connection) must not carry the check's listeners for the rest of its life.
    const cleanup: (() => void)[] = [];
    const listen = <A extends unknown[]>(event: 'packetreceive' | 'message', handler: (...args: A) => void) => {
      const h = handler as (...args: unknown[]) => void;
      client.on(event, h);
      cleanup.push(() => client.removeListener(event, h));
    };
    const packets = (cmd: string) =>
      new Promise<Packet>((resolve) => {
        listen('packetreceive', (p: Packet) => {
          if (p.cmd === cmd) resolve(p);
        });
      });
    try {
      await this.waitPhase<void>(s.timeouts.access, (resolve, fail) => {
        void (async () => {
          const suback = packets('suback');
          client.subscribe(topic, { qos: 1 }, () => {});
          const sp = await suback;
          const codes =
            sp.cmd === 'suback' ? (sp.granted as Array<number | { qos: number }>).map((g) => (typeof g === 'number' ? g : g.qos)) : [];
          const granted = codes.length > 0 && codes.every(isGranted);
          info.subscribe = { codes, names: codes.map((c) => subackCodeName(s.mqttVersion, c)), granted };
          if (!granted) return fail({ kind: 'access', cause: 'access-subscribe-denied' });
          const echo = new Promise<void>((r) => {
            listen('message', (_t: string, payload: Buffer) => {
              if (payload.toString() === marker) {
                info.echo = true;
                info.echoMs = this.ms() - startMs;
                r();
              }
            });
          });
          const puback = packets('puback');
          client.publish(topic, marker, { qos: 1 }, () => {});
          const pp = await puback;
          const code = pp.cmd === 'puback' ? (pp.reasonCode ?? 0) : 0;
          info.publish = {
            code: s.mqttVersion === '5' ? code : null,
            name: s.mqttVersion === '5' ? reasonCodeName(code) : null,
            ok: code < 0x80,
          };
          if (code >= 0x80) return fail({ kind: 'access', cause: 'access-publish-denied' });
          await echo;
          resolve();
        })();
      });
    } catch (e) {
      // A timeout after a granted subscription and an accepted publish means the echo never came.
      if (e instanceof Stop && e.failure.kind === 'timeout' && info.publish?.ok) {
        this.end(false, `no echo within ${s.timeouts.access} ms`);
        throw new Stop({ kind: 'access', cause: 'access-no-echo' });
      }
      throw e;
    } finally {
      for (const undo of cleanup) undo();
    }
    // The check's subscription is not the user's: a session kept open drops it (not awaited,
    // the UNSUBACK changes nothing about the verdict).
    if (this.options.keepOpen) client.unsubscribe(topic, () => {});
    this.end(true, `subscribe ${info.subscribe?.names.join(', ')}; publish acknowledged; echo after ${info.echoMs?.toFixed(1)} ms`);
  }
}

/**
 * The protocol a CONNACK speaks, by its shape: an MQTT 5 CONNACK always carries a property
 * length after its reason code (MQTT 5.0 §3.2.2.3), so a two-byte CONNACK to an MQTT 5 CONNECT
 * is a 3.1.1 one (§3.2), from a broker that does not speak 5. mqtt.js reads it as a reason code.
 */
export function connackVersionOf(asked: '3.1.1' | '5', connack: Pick<IConnackPacket, 'length'>): '3.1.1' | '5' {
  return asked === '5' && connack.length === 2 ? '3.1.1' : asked;
}

/** A few words for the timeline entry of the phase that failed. */
function describeFailure(f: Failure): string {
  switch (f.kind) {
    case 'error':
      return f.error.code ? `${f.error.code}: ${f.error.message}` : f.error.message;
    case 'timeout':
      return `timed out after ${Math.round(f.afterMs)} ms`;
    case 'closed':
      return 'closed by the peer';
    case 'verify':
      return f.message;
    case 'connack':
      return `refused with code ${f.code}`;
    case 'not-mqtt':
      return `not MQTT: ${f.firstBytesHex}`;
    case 'websocket':
      return f.reason === 'not-http' ? `not HTTP (${f.errorCode}): ${f.firstBytesHex ?? ''}`.trim() : `upgrade refused: ${f.reason}`;
    case 'access':
      return f.cause;
    case 'aborted':
      return 'cancelled';
    case 'preflight':
      return f.message;
    case 'internal':
      return `internal error: ${f.error.message}`;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

/** The broker's certificates by their SHA-256 (Node's fingerprint of the DER): the same broker sends the same ones every time. */
const peerCertificates = derivedCache<X509Certificate>('broker-certificates', 256);

/** The broker's chain as it sent it, leaf first. */
function peerChainOf(socket: TLSSocket): { cert: X509Certificate; summary: CertSummary }[] {
  const out: { cert: X509Certificate; summary: CertSummary }[] = [];
  const seen = new Set<string>();
  let cert: PeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    const raw = cert.raw;
    const x509 = peerCertificates.through(cert.fingerprint256, () => new X509Certificate(raw));
    out.push({ cert: x509, summary: summarizeCertificate(x509) });
    const next: PeerCertificate | undefined = (cert as tls.DetailedPeerCertificate).issuerCertificate;
    cert = next && next !== cert ? next : undefined;
  }
  return out;
}

/** Destroys the sockets and waits until each has emitted 'close'. */
async function closeAll(sockets: Socket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.closed) return resolve();
          s.once('close', () => resolve());
          s.destroy();
        }),
    ),
  );
}
