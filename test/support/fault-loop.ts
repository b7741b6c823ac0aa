// What each fault of fault-server.ts must come to, and a loop of attempts over all of them: the
// hostile-servers test runs it 1,000 times, the soak many more.
import { expect } from 'vitest';
import type { ConnectSettings } from '../../shared/connect/settings';
import type { IdentityMaterial } from '../../electron/core/certs/material';
import { connect } from '../../electron/core/connect/probe';
import { SHORT, settings } from './connect-harness';
import type { Fault } from './fault-server';

export type Outcome = { verdict: string; phase: string; cause: string };
const failed = (phase: string, cause: string): Outcome => ({ verdict: 'failed', phase, cause });

/** What each fault must come to, and the phase limit it must end within. */
export const FAULT_EXPECTED: Record<Fault, { outcome: Outcome; limitMs: number }> = {
  'silent-tcp': { outcome: failed('tls', 'tls-timeout'), limitMs: SHORT.tls },
  'close-after-client-hello': { outcome: failed('tls', 'tls-not-spoken'), limitMs: SHORT.tls },
  'reset-mid-handshake': { outcome: failed('tls', 'tls-not-spoken'), limitMs: SHORT.tls },
  'random-server-hello': { outcome: failed('tls', 'tls-not-spoken'), limitMs: SHORT.tls },
  'trickle-handshake': { outcome: failed('tls', 'tls-timeout'), limitMs: SHORT.tls },
  'long-chain': { outcome: failed('connack', 'connack-timeout'), limitMs: SHORT.tls + SHORT.connack },
  'tls-then-silent': { outcome: failed('connack', 'connack-timeout'), limitMs: SHORT.tls + SHORT.connack },
  'tls-then-garbage': { outcome: failed('connack', 'not-mqtt'), limitMs: SHORT.tls + SHORT.connack },
  'invalid-connack': {
    outcome: { verdict: 'rejected', phase: 'connack', cause: 'connack-refused-other' },
    limitMs: SHORT.tls + SHORT.connack,
  },
  'huge-packet-trickle': { outcome: failed('connack', 'connack-timeout'), limitMs: SHORT.tls + SHORT.connack },
  'connack-then-flood': { outcome: { verdict: 'accepted', phase: 'done', cause: 'ok' }, limitMs: SHORT.tls + SHORT.connack },
  'disconnect-after-connack': { outcome: { verdict: 'accepted', phase: 'done', cause: 'ok' }, limitMs: SHORT.tls + SHORT.connack },
};
export const FAULTS = Object.keys(FAULT_EXPECTED) as Fault[];

/** Faults that end only at a phase limit: the loop cuts them short with an abort, as a user cancelling would. */
const SLOW = new Set<Fault>(['silent-tcp', 'trickle-handshake', 'long-chain', 'tls-then-silent', 'huge-packet-trickle']);

export const quickSettings = (port: number, mqttVersion: ConnectSettings['mqttVersion']): ConnectSettings =>
  settings(port, { mqttVersion, timeouts: { ...SHORT } });

/**
 * `attempts` attempts over every fault in turn (MQTT 5 and 3.1.1 alternating), each checked
 * against its expected cause (or `aborted`); returns how often each cause came.
 */
export async function faultLoop(
  attempts: number,
  portOf: (fault: Fault) => number,
  material: IdentityMaterial,
): Promise<Map<string, number>> {
  const causes = new Map<string, number>();
  for (let i = 0; i < attempts; i += 1) {
    const fault = FAULTS[i % FAULTS.length]!;
    const controller = new AbortController();
    const abort = SLOW.has(fault) ? setTimeout(() => controller.abort(), 5 + Math.floor(Math.random() * 60)) : null;
    const outcome = await connect(
      { settings: quickSettings(portOf(fault), i % 2 ? '5' : '3.1.1'), material, secrets: {} },
      { signal: controller.signal },
    );
    if (abort) clearTimeout(abort);
    const cause = outcome.report.cause;
    const expected = FAULT_EXPECTED[fault].outcome.cause;
    expect(SLOW.has(fault) ? ['aborted', expected] : [expected], `${fault} #${i}`).toContain(cause);
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
  }
  return causes;
}
