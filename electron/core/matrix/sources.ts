// Rows and targets from what Keyhole already holds: a profile (its identity, or its broker), a
// lab identity (a demo profile of the lab in the data folder), explicit files. One conversion
// each, shared by the file reader (file-plan.ts) and the app's saved matrices (matrix-service.ts).
import { brokerUrl, defaultSettings, type ConnectSettings } from '../../../shared/connect/settings';
import { DEFAULT_ACCESS_CHECK_TOPIC } from '../../../shared/connect/settings';
import type { AccessSetting, OutcomeExpectation } from '../../../shared/matrix/matrix-file';
import { needsAccess } from '../../../shared/matrix/expectation';
import { err, ok, type Result } from '../../../shared/result';
import type { FileBytes } from '../certs/material';
import type { DemoProfile } from '../lab/demo-profiles';
import type { ProbeSource } from '../profiles/probe-input';
import { commonNameOf, commonNameOfPfx, type MatrixTarget, type PlannedRow } from './plan';

type FileLike = { fileName: string; bytes: Uint8Array };
const bytesOf = (f: FileLike): FileBytes => ({ name: f.fileName, bytes: new Uint8Array(f.bytes) });

/** What a row says beside its identity, after defaults. */
export interface RowTerms {
  expect: OutcomeExpectation;
  access: AccessSetting | undefined;
  retries: number;
}

/**
 * The access-check topic of a row: its own (`access: "topic"`), the target's (`access: true`),
 * none (`false`); unsaid, a check only when the expectation needs one (`denied:access`).
 */
export function accessTopicOf(terms: Pick<RowTerms, 'expect' | 'access'>, targetTopic: string | undefined, own?: string): string | null {
  const access = terms.access ?? (needsAccess(terms.expect) ? true : undefined);
  if (typeof access === 'string') return access;
  if (access === true) return own ?? targetTopic ?? DEFAULT_ACCESS_CHECK_TOPIC;
  return null;
}

/** The target of a profile: its broker, trust, TLS and MQTT options (its identity is the rows'). */
export function profileTarget(source: ProbeSource, label?: string): MatrixTarget {
  const s = structuredClone(source.settings);
  return { settings: s, ca: source.files.ca.map(bytesOf), label: label ?? brokerUrl(s.protocol, s.host, s.port) };
}

/** A target from explicit settings. */
export function explicitTarget(settings: ConnectSettings, ca: FileBytes[]): MatrixTarget {
  return { settings, ca, label: brokerUrl(settings.protocol, settings.host, settings.port) };
}

/** A row from a profile's identity: its certificate and key or bundle, secrets, username and client id. */
export function profileRow(
  source: ProbeSource,
  at: { index: number; id: string; name: string },
  terms: RowTerms,
  targetTopic: string | undefined,
): PlannedRow {
  const f = source.files;
  const cert = f.cert ? bytesOf(f.cert) : undefined;
  const pfx = f.pfx ? bytesOf(f.pfx) : undefined;
  const s = source.settings;
  return {
    ...at,
    expect: terms.expect,
    accessTopic: accessTopicOf(terms, targetTopic, s.accessCheckTopic),
    retries: terms.retries,
    commonName: cert
      ? commonNameOf(cert.bytes)
      : pfx
        ? commonNameOfPfx(pfx, source.secrets.pfxPassword ?? source.secrets.passphrase)
        : null,
    ...(cert ? { cert } : {}),
    ...(f.key ? { key: bytesOf(f.key) } : {}),
    ...(pfx ? { pfx } : {}),
    secrets: { ...source.secrets },
    ...(s.username !== undefined ? { username: s.username } : {}),
    // A profile's chosen client id is part of the identity (brokers may check it); an empty one is made up per attempt.
    ...(s.clientId ? { clientId: s.clientId } : {}),
    mqttVersion: s.mqttVersion,
  };
}

export interface LabSource {
  /** The lab's demo identities as profiles for `port` (host localhost), in table order. */
  profiles: DemoProfile[];
  target: MatrixTarget;
}

/**
 * The lab of a data folder as a target and its identities, for a lab on `port`. `issue`
 * creates the lab's PKI when there is none yet (the app); otherwise a missing lab is an error.
 * The lab's PKI (and the issuing code under it) loads only here: a matrix without the lab runs
 * its rows without loading it.
 */
export async function labSource(dataDir: string, port: number, now: Date, issue = false): Promise<Result<LabSource, string>> {
  const [{ ensureLabPki, openLabPki, labDir }, { demoProfiles }] = await Promise.all([
    import('../lab/lab-pki'),
    import('../lab/demo-profiles'),
  ]);
  const opened = issue
    ? await ensureLabPki(dataDir, now).then((r) => (r.ok ? ok(r.value.pki) : r))
    : await openLabPki(labDir(dataDir), now);
  if (!opened.ok) {
    return err(
      opened.error.code === 'io' && !issue
        ? `There is no lab in ${labDir(dataDir)} yet: start it once with keyhole lab (${opened.error.message})`
        : opened.error.message,
    );
  }
  const profiles = await demoProfiles(opened.value, { host: 'localhost', port, refusal: 'not-authorized' });
  const settings = defaultSettings({ host: 'localhost', port, mqttVersion: '3.1.1' });
  const ca = profiles[0]?.files.ca.map(bytesOf) ?? [];
  return ok({ profiles, target: { settings, ca, label: `the lab on ${brokerUrl('mqtts', 'localhost', port)}` } });
}

/** A row from a lab identity: the demo profile's identity, its own access topic, and (unless given) the outcome the lab gives it. */
export function labRow(
  demo: DemoProfile,
  at: { index: number; id: string; name: string },
  terms: Omit<RowTerms, 'expect'> & { expect?: OutcomeExpectation },
): PlannedRow {
  const expect = terms.expect ?? demo.expect.cause;
  return profileRow(demo, at, { ...terms, expect }, undefined);
}
