// The lab's MQTT side: aedes (MQTT 3.1.1) on the TLS sockets the front accepted, with the lab's
// authentication (certificate CN + password, looked up in the auth source) and per-identity topic
// rights, every decision reported as an event.
import { Buffer } from 'node:buffer';
import type { TLSSocket } from 'node:tls';
import type { Aedes, AuthenticateError, Client, ConnectPacket, PublishPacket, Subscription } from 'aedes';
import type { LabAuthSettings, TopicRights } from '../../../shared/lab/lab-config';
import type { LabAttempt } from '../../../shared/lab/lab-event';
import { connackCodeName } from '../../../shared/mqtt/reason-codes';
import type { AuthAnswer, AuthRequest, AuthSource } from './auth-source';
import type { CertIdentity } from './cert-identity';
import type { LabLog } from './lab-log';
import { checkPassword } from './password-check';
import { decide } from './topic-rights';

/** What the broker knows of one connection. */
interface Session {
  attempt: LabAttempt;
  identity: CertIdentity & { commonName: string };
  socket: TLSSocket;
  username: string | null;
  clientId: string;
  rights: TopicRights | null;
}

/** MQTT 3.1.1 §3.2.2.3 return codes the lab sends. */
const RC = { serverUnavailable: 3, badCredentials: 4, notAuthorized: 5 } as const;

/**
 * CONNACK for an MQTT 5 client, in MQTT 5 encoding (§3.2): session present 0, reason code 0x84
 * Unsupported Protocol Version, and a reason string unless the client asked for none (§3.2.2.3.9).
 */
export function mqtt5UnsupportedConnack(reasonString: string | null): Buffer {
  const props = reasonString === null ? Buffer.alloc(0) : property(0x1f, reasonString);
  const body = Buffer.concat([Buffer.from([0x00, 0x84]), varint(props.length), props]);
  return Buffer.concat([Buffer.from([0x20]), varint(body.length), body]);
}

function property(id: number, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([id, bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

/** MQTT variable byte integer (§1.5.5). */
function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

export const MQTT5_REFUSAL_REASON = 'The Keyhole lab broker (aedes) speaks MQTT 3.1.1 only';

export interface BrokerHooks {
  /** Marks why the lab is closing a connection (for its closing event). */
  noteClose(socket: TLSSocket, reason: string): void;
}

export class LabBroker {
  private readonly sessions = new WeakMap<Client, Session>();

  private constructor(
    private readonly aedes: Aedes,
    private readonly source: AuthSource,
    private readonly auth: LabAuthSettings,
    private readonly log: LabLog,
    private readonly hooks: BrokerHooks,
  ) {}

  static async create(source: AuthSource, auth: LabAuthSettings, log: LabLog, hooks: BrokerHooks): Promise<LabBroker> {
    // Loaded here, not at the top: every `keyhole` command shares one bundle, and only the lab needs aedes.
    const { Aedes } = await import('aedes');
    const aedes = await Aedes.createBroker({ connectTimeout: 10_000, heartbeatInterval: 60_000 });
    const broker = new LabBroker(aedes, source, auth, log, hooks);
    aedes.preConnect = (client, packet, done) => broker.preConnect(client, packet, done);
    aedes.authenticate = (client, username, password, done) =>
      void broker.authenticate(client, username, password, done).catch((e: unknown) => {
        // A bug in the lookup must cost this attempt, not the broker.
        log.emit({
          kind: 'lab',
          attempt: null,
          level: 'error',
          message: `authentication failed: ${e instanceof Error ? e.message : String(e)}`,
        });
        done(broker.refusal('internal error', RC.serverUnavailable), false);
      });
    aedes.authorizeSubscribe = (client, sub, done) => broker.authorizeSubscribe(client, sub, done);
    aedes.authorizePublish = (client, packet, done) => broker.authorizePublish(client, packet, done);
    aedes.on('connackSent', (packet, client) => {
      const session = broker.sessions.get(client);
      const code = packet.returnCode ?? 0;
      log.emit({ kind: 'connack', attempt: session?.attempt ?? null, protocol: '3.1.1', code, name: connackCodeName('3.1.1', code) });
    });
    // aedes reports client errors here; they end that client only.
    aedes.on('clientError', () => undefined);
    aedes.on('connectionError', () => undefined);
    return broker;
  }

  /** Serves MQTT on a TLS socket whose client certificate passed. */
  handle(socket: TLSSocket, attempt: LabAttempt, identity: CertIdentity & { commonName: string }): void {
    const client = this.aedes.handle(socket);
    this.sessions.set(client, { attempt, identity, socket, username: null, clientId: '', rights: null });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.aedes.close(() => resolve()));
  }

  private preConnect(client: Client, packet: ConnectPacket, done: (error: Error | null, ok: boolean) => void): void {
    const session = this.sessions.get(client);
    const level = packet.protocolVersion ?? 4;
    if (session) {
      session.username = packet.username ?? null;
      session.clientId = packet.clientId;
    }
    this.log.emit({
      kind: 'mqtt-connect',
      attempt: session?.attempt ?? null,
      protocolLevel: level,
      clientId: packet.clientId,
      username: packet.username ?? null,
      passwordGiven: packet.password !== undefined,
    });
    if (level !== 5) return done(null, true);
    // aedes answers a level it does not speak with a 3.1.1 CONNACK return code 1 (§3.1.2.2), which
    // an MQTT 5 decoder reads as the undefined reason code 0x01; an MQTT 5 client is told in its
    // own encoding instead, with 0x84 Unsupported Protocol Version (MQTT 5.0 §3.2.2.2).
    const quiet = packet.properties?.requestProblemInformation === false;
    this.log.emit({ kind: 'connack', attempt: session?.attempt ?? null, protocol: '5', code: 0x84, name: connackCodeName('5', 0x84) });
    if (session) this.hooks.noteClose(session.socket, 'MQTT 5 refused: the lab speaks MQTT 3.1.1');
    client.conn.end(mqtt5UnsupportedConnack(quiet ? null : MQTT5_REFUSAL_REASON));
    done(null, false);
  }

  /** An aedes authentication error carrying the CONNACK return code. */
  refusal(reason: string, code: number): AuthenticateError {
    return Object.assign(new Error(reason), { returnCode: code }) as AuthenticateError;
  }

  private async authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: AuthenticateError | null, ok: boolean | null) => void,
  ): Promise<void> {
    const session = this.sessions.get(client);
    if (!session) return done(this.refusal('unknown connection', RC.notAuthorized), false);
    // aedes has assigned an id by now when the client sent none (MQTT 3.1.1 §3.1.3.1).
    session.clientId = client.id;
    const request: AuthRequest = {
      commonName: session.identity.commonName,
      subject: session.identity.subject,
      username: username ?? null,
      clientId: client.id,
    };
    const refuse = this.auth.refusal === 'bad-credentials' ? RC.badCredentials : RC.notAuthorized;
    const report = (
      answer: AuthAnswer['kind'] | 'not-asked',
      detail: string,
      matches: boolean | null,
      decision: 'allowed' | 'refused' | 'unavailable',
      reason: string,
    ) =>
      this.log.emit({
        kind: 'auth',
        attempt: session.attempt,
        source: this.source.name,
        query: answer === 'not-asked' ? '(not asked)' : this.source.describe(request),
        answer,
        detail,
        passwordMatches: matches,
        decision,
        reason,
      });
    if (this.auth.usernameMustEqualCn && request.username !== request.commonName) {
      const reason = `the username ${JSON.stringify(request.username)} is not the certificate CN`;
      report('not-asked', '', null, 'refused', reason);
      this.hooks.noteClose(session.socket, 'CONNACK refusal');
      return done(this.refusal(reason, refuse), false);
    }
    const answer = await this.ask(request);
    if (answer.kind === 'unavailable') {
      report('unavailable', answer.detail, null, 'unavailable', 'the auth source did not answer');
      this.hooks.noteClose(session.socket, 'auth source unavailable');
      return done(this.refusal(answer.detail, RC.serverUnavailable), false);
    }
    if (answer.kind === 'not-found') {
      report('not-found', answer.detail, null, 'refused', 'unknown identity');
      this.hooks.noteClose(session.socket, 'CONNACK refusal');
      return done(this.refusal('unknown identity', refuse), false);
    }
    const verdict = await checkPassword(password?.toString('utf8'), answer.stored, answer.hash);
    if (!verdict.matches) {
      report('found', answer.detail, false, 'refused', verdict.problem ?? 'wrong password');
      this.hooks.noteClose(session.socket, 'CONNACK refusal');
      return done(this.refusal('wrong password', refuse), false);
    }
    session.rights = answer.rights;
    report('found', answer.detail, true, 'allowed', 'CN and password match');
    done(null, true);
  }

  /** The source's answer within its time limit (the Redis source keeps its own; this bounds any source). */
  private async ask(request: AuthRequest): Promise<AuthAnswer> {
    const limitMs = (this.auth.redis?.timeoutMs ?? 2000) + 500;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<AuthAnswer>((resolve) => {
      timer = setTimeout(() => {
        abort.abort();
        resolve({ kind: 'unavailable', detail: `no answer within ${limitMs} ms` });
      }, limitMs);
    });
    try {
      return await Promise.race([
        this.source.lookup(request, abort.signal).catch((e: unknown) => ({
          kind: 'unavailable' as const,
          detail: `lookup failed: ${e instanceof Error ? e.message : String(e)}`,
        })),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private values(session: Session) {
    return { commonName: session.identity.commonName, username: session.username, clientId: session.clientId };
  }

  private authorizeSubscribe(client: Client, sub: Subscription, done: (error: Error | null, sub?: Subscription | null) => void): void {
    const session = this.sessions.get(client);
    if (!session?.rights) return done(null, null);
    const decision = decide(session.rights, 'subscribe', sub.topic, this.values(session));
    this.log.emit({ kind: 'acl', attempt: session.attempt, action: 'subscribe', topic: sub.topic, ...decision });
    // A refused subscription is SUBACK 0x80 (MQTT 3.1.1 §3.9.3); the connection stays.
    done(null, decision.allowed ? sub : null);
  }

  private authorizePublish(client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void {
    // A will published for a client already gone was authorized when it connected.
    if (client === null) return done(null);
    const session = this.sessions.get(client);
    if (!session?.rights) return done(new Error('not authenticated'));
    const decision = packet.topic.startsWith('$')
      ? { allowed: false, rule: null, reason: '$ topics belong to the broker' }
      : decide(session.rights, 'publish', packet.topic, this.values(session));
    this.log.emit({ kind: 'acl', attempt: session.attempt, action: 'publish', topic: packet.topic, ...decision });
    if (decision.allowed) return done(null);
    // MQTT 3.1.1 §3.3.5: a server cannot refuse a PUBLISH in 3.1.1; it acknowledges and drops it,
    // or closes the connection. aedes closes, which the client notices at once.
    this.hooks.noteClose(session.socket, 'publish denied');
    done(new Error(`publish to ${packet.topic} denied`));
  }
}
