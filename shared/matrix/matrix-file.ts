// The matrix file, version 1: a broker target and rows of identities, each with the outcome it
// should get. Written by the workbench's batch, read by the credential matrix (DESIGN §7).
// Plain JSON; file references are relative to the matrix file's folder, so a batch folder can
// be moved or archived as a whole.
//
//   {
//     "version": 1,
//     "target": { "host": "127.0.0.1", "port": 8883, "ca": ["ca.pem"] },
//     "rows": [
//       { "name": "device-001", "identity": { "cert": "certs/device-001.pem", "key": "keys/device-001-key.pem" },
//         "username": "device-001", "password": "…", "expect": "accepted" },
//       { "name": "revoked", "identity": { "pfx": "revoked.p12", "pfxPassword": "…" }, "expect": "client-cert-revoked" }
//     ]
//   }
import { z } from 'zod';
import { Cause } from '../connect/report';

export const MATRIX_FILE_VERSION = 1;

/**
 * What a row should get: `accepted`; `rejected` at any layer; rejected at a layer
 * (`rejected:tls` the broker's certificate or the handshake, `rejected:client-auth` the broker
 * refused our certificate, `rejected:connack` the MQTT verdict); `denied:access` connected but
 * the access check failed; or an exact cause code such as `client-cert-revoked`.
 */
export const OutcomeExpectation = z.union([
  z.enum(['accepted', 'rejected', 'rejected:tls', 'rejected:client-auth', 'rejected:connack', 'denied:access']),
  Cause,
]);
export type OutcomeExpectation = z.infer<typeof OutcomeExpectation>;

/** A certificate and key (key optionally encrypted), a PKCS#12 bundle, or nothing (no client certificate). */
export const MatrixIdentity = z.union([
  z.object({ cert: z.string().min(1), key: z.string().min(1), passphrase: z.string().optional() }).strict(),
  z.object({ pfx: z.string().min(1), pfxPassword: z.string().optional() }).strict(),
  z.object({}).strict(),
]);
export type MatrixIdentity = z.infer<typeof MatrixIdentity>;

export const MatrixRow = z.object({
  /** Shown in results and JUnit test case names; unique within the file. */
  name: z.string().min(1).max(200),
  identity: MatrixIdentity,
  username: z.string().max(65535).optional(),
  password: z.string().max(65535).optional(),
  clientId: z.string().max(65535).optional(),
  expect: OutcomeExpectation,
});
export type MatrixRow = z.infer<typeof MatrixRow>;

export const MatrixTarget = z.object({
  protocol: z.enum(['mqtt', 'mqtts']).default('mqtts'),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  /** CA files that verify the broker (relative paths). */
  ca: z.array(z.string().min(1)).default([]),
  servername: z.string().max(253).optional(),
  mqttVersion: z.enum(['3.1.1', '5']).default('5'),
  /** Topic of the optional access check. */
  accessCheckTopic: z.string().min(1).optional(),
});
export type MatrixTarget = z.infer<typeof MatrixTarget>;

export const MatrixFile = z
  .object({
    version: z.literal(MATRIX_FILE_VERSION),
    name: z.string().max(200).optional(),
    target: MatrixTarget,
    rows: z.array(MatrixRow).min(1),
  })
  .refine((m) => new Set(m.rows.map((r) => r.name)).size === m.rows.length, 'row names must be unique');
export type MatrixFile = z.infer<typeof MatrixFile>;
