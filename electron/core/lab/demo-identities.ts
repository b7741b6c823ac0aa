// The lab's demo identities: one per outcome a broker can give a device, from acceptance to each
// layer of rejection (DESIGN §6). This table drives what the lab issues, what its built-in auth
// table holds, and the ready profiles connecting them; the expected outcome of each is stated once.
import type { Cause } from '../../../shared/connect/report';
import type { LabRefusal } from '../../../shared/lab/lab-config';

/** The CN of the "one device, one secret" case in DESIGN §1. */
export const UUID_DEVICE_CN = '346a004d-1dab-4016-bb38-03cca7094415';

export interface DemoIdentitySpec {
  /** Profile name and file stem. */
  name: string;
  /** The certificate's CN; null: no client certificate at all. */
  commonName: string | null;
  /** One line for the identities table: what this identity shows. */
  about: string;
  /** Who issues it: the lab CA, a CA the lab does not trust, or nobody. */
  issuer: 'lab' | 'foreign' | 'none';
  validity: 'current' | 'expired' | 'not-yet-valid';
  revoked: boolean;
  /** Its key is stored encrypted, and its profile carries the passphrase. */
  keyPassphrase: boolean;
  /** Its profile uses a PKCS#12 bundle instead of PEM files. */
  pkcs12: boolean;
  /** Its row in the built-in auth table: own topic branch, no rights, or no row (CN not allowed). */
  table: 'own-topic' | 'no-rights' | 'absent';
  /** The password its profile sends: its own, or a wrong one on purpose. */
  password: 'own' | 'wrong';
  mqttVersion: '3.1.1' | '5';
  /** Reuses the certificate of another identity (the same device asking for another MQTT version). */
  sameCertificateAs?: string;
  /** What the probe must report; `refusal` is the CONNACK refusal the lab is configured with. */
  expect: Cause | 'refusal';
  /** A few words on what connecting it shows, for its profile's name ("device-001 — accepted"). */
  outcome: string;
}

const base = {
  issuer: 'lab',
  validity: 'current',
  revoked: false,
  keyPassphrase: false,
  pkcs12: false,
  table: 'own-topic',
  password: 'own',
  mqttVersion: '3.1.1',
} as const;

export const DEMO_IDENTITIES: readonly DemoIdentitySpec[] = [
  {
    ...base,
    name: 'device-001',
    outcome: 'accepted',
    commonName: 'device-001',
    about: 'allowed CN with its password: gets in',
    expect: 'ok',
  },
  {
    ...base,
    name: 'uuid-device',
    outcome: 'accepted: UUID CN',
    commonName: UUID_DEVICE_CN,
    about: 'one device, one secret: a UUID CN with its password',
    expect: 'ok',
  },
  {
    ...base,
    name: 'passphrase-device',
    outcome: 'accepted: key with passphrase',
    commonName: 'passphrase-device',
    about: 'key encrypted with a passphrase (the profile has it)',
    keyPassphrase: true,
    expect: 'ok',
  },
  {
    ...base,
    name: 'pkcs12-device',
    outcome: 'accepted: PKCS#12',
    commonName: 'pkcs12-device',
    about: 'certificate and key in a PKCS#12 bundle',
    pkcs12: true,
    expect: 'ok',
  },
  {
    ...base,
    name: 'quiet-device',
    outcome: 'connected, may do nothing',
    commonName: 'quiet-device',
    about: 'allowed to connect, no topic rights: connected but may do nothing',
    table: 'no-rights',
    expect: 'access-subscribe-denied',
  },
  {
    ...base,
    name: 'rogue-device',
    outcome: 'refused: CN not allowed',
    commonName: 'rogue-device',
    about: 'valid certificate from the lab CA, but its CN is not allowed',
    table: 'absent',
    expect: 'refusal',
  },
  {
    ...base,
    name: 'wrong-password-device',
    outcome: 'refused: wrong password',
    commonName: 'wrong-password-device',
    about: 'allowed CN, but its profile holds the wrong password',
    password: 'wrong',
    expect: 'refusal',
  },
  {
    ...base,
    name: 'expired-device',
    outcome: 'refused: certificate expired',
    commonName: 'expired-device',
    about: 'certificate expired 30 days ago',
    validity: 'expired',
    expect: 'client-cert-expired',
  },
  {
    ...base,
    name: 'not-yet-valid-device',
    outcome: 'refused: not yet valid',
    commonName: 'not-yet-valid-device',
    about: 'certificate valid only from ten years on',
    validity: 'not-yet-valid',
    expect: 'client-cert-bad',
  },
  {
    ...base,
    name: 'foreign-ca-device',
    outcome: 'refused: foreign CA',
    commonName: 'foreign-ca-device',
    about: 'issued by a CA the lab does not trust',
    issuer: 'foreign',
    table: 'absent',
    expect: 'client-cert-unknown-ca',
  },
  {
    ...base,
    name: 'revoked-device',
    outcome: 'refused: revoked',
    commonName: 'revoked-device',
    about: "revoked: listed in the lab CA's CRL",
    revoked: true,
    expect: 'client-cert-revoked',
  },
  {
    ...base,
    name: 'no-certificate',
    outcome: 'refused: no certificate',
    commonName: null,
    about: 'sends no client certificate at all',
    issuer: 'none',
    table: 'absent',
    expect: 'client-cert-required',
  },
  {
    ...base,
    name: 'mqtt5-device-001',
    outcome: 'refused: MQTT 5',
    commonName: 'device-001',
    about: 'device-001 asking for MQTT 5: the lab speaks 3.1.1',
    sameCertificateAs: 'device-001',
    mqttVersion: '5',
    expect: 'connack-protocol-unsupported',
  },
];

/** The cause an identity must get from a lab configured with `refusal`. */
export function expectedCause(spec: DemoIdentitySpec, refusal: LabRefusal): Cause {
  if (spec.expect !== 'refusal') return spec.expect;
  return refusal === 'bad-credentials' ? 'connack-bad-credentials' : 'connack-not-authorized';
}
