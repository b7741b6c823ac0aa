// A matrix ready to run, whatever it came from (a file, the store, the lab): the target's
// settings and trust, and per row the identity's bytes and secrets, its expectation and whether
// it checks access. Every front turns its matrix into this; the runner takes nothing else.
import { X509Certificate } from 'node:crypto';
import type { ConnectSettings } from '../../../shared/connect/settings';
import { generateClientId } from '../../../shared/profile/client-id';
import type { OutcomeExpectation } from '../../../shared/matrix/matrix-file';
import type { FileBytes, IdentitySecrets } from '../certs/material';
import { loadPkcs12 } from '../certs/pkcs12';
import type { ConnectInput } from '../connect/probe';

export interface PlannedRow {
  /** Position in the whole matrix. */
  index: number;
  /** The row's identity (its name, unique in the matrix). */
  id: string;
  name: string;
  expect: OutcomeExpectation;
  /** Topic of the access check (placeholders filled in), or null for none. */
  accessTopic: string | null;
  retries: number;
  /** The CN of the certificate file, when it can be read without a secret (a PKCS#12's comes from the report). */
  commonName: string | null;
  cert?: FileBytes;
  key?: FileBytes;
  pfx?: FileBytes;
  secrets: IdentitySecrets;
  username?: string;
  /** Absent: a fresh generated id per attempt (two rows with one id would take each other's sessions over). */
  clientId?: string;
  mqttVersion?: '3.1.1' | '5';
  /** Where the identity came from, when it is kept elsewhere (a saved profile, a lab identity). */
  origin?: { kind: 'profile'; profileId: string } | { kind: 'lab'; identity: string };
}

export interface MatrixTarget {
  /** Broker, TLS and MQTT options; each row brings its own identity, username and client id. */
  settings: ConnectSettings;
  ca: FileBytes[];
  /** How the target reads in tables and JUnit (`mqtts://host:port`). */
  label: string;
}

export interface MatrixPlan {
  name: string;
  target: MatrixTarget;
  rows: PlannedRow[];
}

/** The CN of the first certificate in PEM or DER bytes; null when there is none or it does not parse. */
export function commonNameOf(bytes: Uint8Array | undefined): string | null {
  if (!bytes) return null;
  try {
    const cert = new X509Certificate(Buffer.from(bytes));
    const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject);
    return cn?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The CN of a PKCS#12 bundle's leaf, opened with its password; null when it does not open. */
export function commonNameOfPfx(file: FileBytes, password: string | undefined): string | null {
  const loaded = loadPkcs12(file, password);
  if (!loaded.ok) return null;
  const leaf = loaded.value.chain[0];
  return leaf ? (/(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1] ?? null) : null;
}

/** Fills `%C` (CN), `%u` (username), `%c` (client id) and `%%` in an access-check topic. */
export function fillTopic(template: string, values: { cn: string | null; username?: string; clientId: string }): string {
  return template.replace(/%([Cuc%])/g, (_, p: string) => {
    if (p === '%') return '%';
    if (p === 'C') return values.cn ?? '';
    if (p === 'u') return values.username ?? '';
    return values.clientId;
  });
}

/** The probe's input for one attempt of a row. */
export function attemptInput(target: MatrixTarget, row: PlannedRow, timeoutMs?: number): ConnectInput {
  const clientId = row.clientId ?? generateClientId();
  const s = target.settings;
  const settings: ConnectSettings = {
    ...structuredClone(s),
    clientId,
    ...(row.mqttVersion ? { mqttVersion: row.mqttVersion } : {}),
    ...(timeoutMs ? { timeouts: { resolve: timeoutMs, tcp: timeoutMs, tls: timeoutMs, connack: timeoutMs, access: timeoutMs } } : {}),
  };
  delete settings.username;
  delete settings.accessCheckTopic;
  if (row.username !== undefined) settings.username = row.username;
  if (row.accessTopic !== null) {
    settings.accessCheckTopic = fillTopic(row.accessTopic, {
      cn: row.commonName,
      clientId,
      ...(row.username !== undefined ? { username: row.username } : {}),
    });
  }
  return {
    settings,
    material: {
      ca: target.ca,
      ...(row.cert ? { cert: row.cert } : {}),
      ...(row.key ? { key: row.key } : {}),
      ...(row.pfx ? { pfx: row.pfx } : {}),
    },
    secrets: { ...row.secrets },
  };
}
