import type { AccessInfo, Cause, Evidence, Finding, MqttInfo, Phase, TimelineEntry, TlsInfo } from '../../../shared/connect/report';
import type { IdentityFacts } from '../certs/material';
import type { ConnectSettings } from '../../../shared/connect/settings';
import type { UpgradeFacts, UpgradeFailure } from './websocket-upgrade';

/** An error as observed, reduced to plain data (never an Error instance). */
export interface RawError {
  code?: string;
  message: string;
  syscall?: string;
  errno?: number;
}

/** What stopped the attempt, as the probe saw it. The classifier turns this into a cause. */
export type Failure =
  | { kind: 'preflight'; cause: Cause; file: string | null; message: string; hint: string; errorCode?: string }
  | { kind: 'error'; phase: Phase; error: RawError }
  | { kind: 'timeout'; phase: Phase; afterMs: number }
  | { kind: 'closed'; phase: Phase }
  | { kind: 'verify'; finding: string; message: string }
  | {
      kind: 'connack';
      code: number;
      /** The protocol the CONNACK spoke (by its shape), when it differs from the one asked for. */
      version?: '3.1.1' | '5';
      reasonString?: string;
      userProperties?: Record<string, string | string[]>;
    }
  | { kind: 'not-mqtt'; firstBytesHex: string }
  | ({ kind: 'websocket' } & UpgradeFailure)
  | { kind: 'access'; cause: 'access-subscribe-denied' | 'access-publish-denied' | 'access-no-echo' | 'access-timeout' }
  | { kind: 'aborted'; phase: Phase }
  | { kind: 'internal'; error: RawError };

/** Everything one attempt recorded; `diagnose` is a pure function of this. */
export interface Observations {
  id: string;
  startedAt: string;
  durationMs: number;
  settings: ConnectSettings;
  address: string | null;
  /** The last phase the attempt reached. */
  reached: Phase;
  failure: Failure | null;
  timeline: TimelineEntry[];
  tls: TlsInfo | null;
  mqtt: MqttInfo | null;
  access: AccessInfo | null;
  /** Warnings and notes, in the order found; `diagnose` splits them by kind. */
  findings: Finding[];
  /** Whether a client certificate was configured (and so offered when the broker asked). */
  clientCertConfigured: boolean;
  /** Whether a CA or a client identity was given (with mqtt:// they go unused). */
  tlsMaterialGiven: boolean;
  /** What preflight learnt about the client chain; null without one (or with mqtt://). */
  identity: IdentityFacts | null;
  /** After a plain connection ended before its CONNACK: did the port answer a TLS ClientHello? */
  tlsCheck: NonNullable<Evidence['tlsCheck']> | null;
  /** The WebSocket upgrade as the server answered it; null when there was none (mqtt, mqtts, or not reached). */
  websocket: UpgradeFacts | null;
}
