// Shared scaffolding for the probe's integration tests: input from PKI files, one attempt
// with the invariants every attempt must keep (one schema-valid report, no late events, no
// sockets left behind), and a record of unhandled rejections for the whole file.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ConnectReport, type PhaseEvent } from '../../shared/connect/report';
import { defaultSettings, type ConnectSettings } from '../../shared/connect/settings';
import type { FileBytes, IdentityMaterial, IdentitySecrets } from '../../electron/core/certs/material';
import { connect, type ConnectOptions, type ConnectOutcome } from '../../electron/core/connect/probe';

/** Short limits for the cases that must time out, so the whole run stays quick. */
export const SHORT = { resolve: 3000, tcp: 3000, tls: 1500, connack: 1500, access: 1500 } as const;

export async function fileBytes(path: string): Promise<FileBytes> {
  return { name: basename(path), bytes: new Uint8Array(await readFile(path)) };
}

export interface MaterialPaths {
  ca?: string[];
  cert?: string;
  key?: string;
  pfx?: string;
}

/** IdentityMaterial from files, as the CLI and the app import them (bytes plus original name). */
export async function material(paths: MaterialPaths): Promise<IdentityMaterial> {
  return {
    ca: await Promise.all((paths.ca ?? []).map(fileBytes)),
    cert: paths.cert === undefined ? undefined : await fileBytes(paths.cert),
    key: paths.key === undefined ? undefined : await fileBytes(paths.key),
    pfx: paths.pfx === undefined ? undefined : await fileBytes(paths.pfx),
  };
}

/** Settings for a loopback broker; the address is in the test certificates' SANs. */
export function settings(port: number, overrides: Partial<ConnectSettings> = {}): ConnectSettings {
  return defaultSettings({ host: '127.0.0.1', port, clientId: `keyhole-test-${Math.random().toString(16).slice(2, 10)}`, ...overrides });
}

export interface AttemptResult extends ConnectOutcome {
  events: PhaseEvent[];
}

/** Open TCP/TLS sockets of this process (client and server side). */
export const socketHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TLSWrap').length;

/** Waits (briefly) for a condition that settles asynchronously, then asserts it. */
export async function eventually(check: () => boolean, message: () => string, withinMs = 2000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * One attempt through the real probe. Checks what every attempt owes its caller: it settles
 * once, its report is schema-valid, no phase event arrives after it settled, and (without
 * keepOpen) every socket it opened is closed again.
 */
export async function attempt(
  input: { settings: ConnectSettings; material: IdentityMaterial; secrets?: IdentitySecrets },
  options: Omit<ConnectOptions, 'onPhase'> = {},
): Promise<AttemptResult> {
  const before = socketHandles();
  const events: PhaseEvent[] = [];
  const outcome = await connect(
    { settings: input.settings, material: input.material, secrets: input.secrets ?? {} },
    { ...options, onPhase: (e) => events.push(e) },
  );
  expect(() => ConnectReport.parse(outcome.report)).not.toThrow();
  const settledEvents = events.length;
  if (outcome.session === null) {
    await eventually(
      () => socketHandles() <= before,
      () => `sockets left open after the attempt: ${socketHandles()} now, ${before} before (${outcome.report.cause})`,
    );
  }
  // A late timer or socket event would show up here as a phase event after the verdict.
  await new Promise((r) => setTimeout(r, 50));
  expect(events.length, 'phase events after the attempt settled').toBe(settledEvents);
  return { ...outcome, events };
}

/** The cause, phase and verdict of a report in one comparable object. */
export const outcomeOf = (r: ConnectReport) => ({ verdict: r.verdict, phase: r.phase, cause: r.cause });

/**
 * Records unhandled rejections and uncaught exceptions for the whole file and fails in
 * afterAll if any occurred (the probe must never leave a promise unobserved).
 */
export function recordUnhandled(): void {
  const seen: string[] = [];
  const onRejection = (reason: unknown) =>
    seen.push(`unhandledRejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  const onException = (error: Error) => seen.push(`uncaughtException: ${error.stack ?? error.message}`);
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  });
  afterAll(() => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    expect(seen).toEqual([]);
  });
}
