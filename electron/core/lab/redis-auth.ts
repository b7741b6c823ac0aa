// Redis as the lab's auth source, EMQX-style: a query template such as
// `HMGET tls_domain:%C password salt` run for each attempt, its first value the stored password,
// its second the salt. Arguments go to Redis through ioredis as separate bulk strings (RESP), so
// nothing a client controls is ever parsed as a command. Redis down or slow makes the answer
// "unavailable" within the time limit; the broker turns that into CONNACK "server unavailable".
import type { Redis } from 'ioredis';
import type { PasswordHash } from '../../../shared/certs/batch';
import { describeQuery, parseAuthTemplate, renderAuthTemplate, type AuthTemplate } from '../../../shared/lab/auth-template';
import type { TopicRights } from '../../../shared/lab/lab-config';
import type { AuthAnswer, AuthRequest, AuthSource } from './auth-source';
import type { LabLog } from './lab-log';

export interface RedisAuthOptions {
  url: string;
  query: string;
  hash: PasswordHash;
  timeoutMs: number;
  rights: TopicRights;
}

/** The URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparsable URL)';
  }
}

class Timeout extends Error {}

export class RedisAuth implements AuthSource {
  readonly name = 'redis';
  private readonly client: Redis;
  private readonly template: AuthTemplate;
  private state: 'connecting' | 'ready' | 'down' = 'connecting';
  private readonly shownUrl: string;

  /** Connects (in the background) to the Redis of `options`; ioredis is loaded only when a lab uses Redis. */
  static async create(options: RedisAuthOptions, log: LabLog): Promise<RedisAuth> {
    const { Redis } = await import('ioredis');
    return new RedisAuth(options, log, Redis);
  }

  private constructor(
    private readonly options: RedisAuthOptions,
    private readonly log: LabLog,
    RedisClient: typeof Redis,
  ) {
    const parsed = parseAuthTemplate(options.query);
    // The config schema validated the template already; a bad one here is a caller's bug.
    if (!parsed.ok) throw new Error(`RedisAuth: ${parsed.error.message}`);
    this.template = parsed.value;
    this.shownUrl = redactRedisUrl(options.url);
    this.client = new RedisClient(options.url, {
      // Fail at once while disconnected instead of queueing: a queued lookup would only time out.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.timeoutMs,
      retryStrategy: (times) => Math.min(times * 250, 2000),
      lazyConnect: false,
    });
    this.client.on('ready', () => this.transition('ready', `Redis at ${this.shownUrl} is ready.`));
    this.client.on('error', (e: Error) => this.transition('down', `Redis at ${this.shownUrl}: ${e.message}`));
    this.client.on('end', () => this.transition('down', `Redis at ${this.shownUrl}: connection closed.`));
  }

  /** Logs a change of state once, not every reconnect attempt. */
  private transition(state: 'ready' | 'down', message: string): void {
    if (this.state === state) return;
    this.state = state;
    this.log.emit({ kind: 'lab', attempt: null, level: state === 'ready' ? 'info' : 'warning', message });
  }

  /** Resolves true once connected, false when `timeoutMs` passed first (the lab runs either way). */
  async ready(timeoutMs: number): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), timeoutMs);
      const onReady = () => finish(true);
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.client.removeListener('ready', onReady);
        resolve(value);
      };
      this.client.once('ready', onReady);
    });
  }

  private args(request: AuthRequest): string[] {
    return renderAuthTemplate(this.template, {
      u: request.username ?? '',
      c: request.clientId,
      C: request.commonName,
      d: request.subject,
    });
  }

  describe(request: AuthRequest): string {
    return describeQuery(this.template.command, this.args(request));
  }

  async lookup(request: AuthRequest, signal: AbortSignal): Promise<AuthAnswer> {
    if (this.client.status !== 'ready') return { kind: 'unavailable', detail: `Redis is not connected (${this.client.status})` };
    const call = this.client.call(this.template.command, this.args(request));
    // Whichever loses the race below must not become an unhandled rejection.
    call.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout()), this.options.timeoutMs);
      signal.addEventListener('abort', () => reject(new Timeout()), { once: true });
    });
    try {
      const reply = await Promise.race([call, limit]);
      return this.answerOf(reply);
    } catch (e) {
      if (e instanceof Timeout) return { kind: 'unavailable', detail: `Redis did not answer within ${this.options.timeoutMs} ms` };
      return { kind: 'unavailable', detail: `Redis failed: ${e instanceof Error ? e.message : String(e)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private answerOf(reply: unknown): AuthAnswer {
    const values = Array.isArray(reply) ? reply : [reply];
    const [password, salt] = values.map((v) => (typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8') : null));
    if (password === null || password === undefined || password === '') {
      return { kind: 'not-found', detail: 'no password stored for this identity' };
    }
    const stored = salt ? { value: password, salt } : { value: password };
    return {
      kind: 'found',
      stored,
      hash: this.options.hash,
      rights: this.options.rights,
      detail: `password${salt ? ' and salt' : ''} found, ${this.options.hash}`,
    };
  }

  async close(): Promise<void> {
    this.client.disconnect(false);
  }
}
