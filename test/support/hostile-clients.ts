// Clients that misbehave toward the lab broker: half-open TLS handshakes that never finish,
// garbage where CONNECT should be (before and after TLS), and a flood of connects that hang up
// at once; and a real device (the probe with device-001's certificate and password) that must
// still get in. The lab test runs each once, the soak in rounds.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { expect } from 'vitest';
import type { Lab } from '../../electron/core/lab/lab';
import { attempt, material, outcomeOf, settings } from './connect-harness';

/** The first bytes of a TLS ClientHello record header and a little of its body: a handshake begun and never finished. */
const HALF_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);

/** device-001 through the probe: what a user of the lab does, and what must keep working. */
export async function deviceGetsIn(lab: Lab): Promise<void> {
  const password = lab.pki.state.identities.find((i) => i.name === 'device-001')!.password;
  const { report } = await attempt({
    settings: settings(lab.port, { host: 'localhost', mqttVersion: '3.1.1', username: 'device-001' }),
    material: await material({
      ca: [join(lab.dir, 'ca.pem')],
      cert: join(lab.dir, 'devices/device-001.pem'),
      key: join(lab.dir, 'devices/device-001-key.pem'),
    }),
    secrets: { password },
  });
  expect(outcomeOf(report)).toEqual({ verdict: 'accepted', phase: 'done', cause: 'ok' });
}

/** A TCP connection to the lab that sends `bytes` (or nothing) and is kept open; pushed onto `held`. */
export function hold(lab: Lab, held: Socket[], bytes: Buffer | null): Promise<Socket> {
  return new Promise((resolve) => {
    const s = netConnect(lab.port, '127.0.0.1', () => {
      if (bytes) s.write(bytes);
      resolve(s);
    });
    s.on('error', () => undefined);
    held.push(s);
  });
}

/** `halfOpen` handshakes begun and never finished, and `silent` connections that say nothing, all kept open. */
export async function holdHalfOpen(lab: Lab, held: Socket[], halfOpen: number, silent: number): Promise<void> {
  for (let i = 0; i < halfOpen; i += 1) await hold(lab, held, HALF_HELLO);
  for (let i = 0; i < silent; i += 1) await hold(lab, held, null);
}

/** `count` connections of random bytes in place of a ClientHello and `count` of a broken CONNECT after TLS; resolves when the lab closed them all. */
export async function sendGarbage(lab: Lab, held: Socket[], count: number): Promise<void> {
  const closed: Promise<void>[] = [];
  for (let i = 0; i < count; i += 1) {
    // Garbage that cannot pass for the start of a record. Random bytes open with a TLS record
    // header or an SSLv2 hello now and then, and OpenSSL then waits for the rest of that record
    // until the server's 120 s handshake timeout; so does any header whose version byte is 0x03,
    // whatever its type. Two zero bytes (type 0, major version 0) are refused at once.
    const s = await hold(lab, held, Buffer.concat([Buffer.from([0x00, 0x00]), randomBytes(2046)]));
    closed.push(new Promise((r) => s.once('close', () => r())));
  }
  const ca = await readFile(join(lab.dir, 'ca.pem'));
  const cert = await readFile(join(lab.dir, 'devices/device-001.pem'));
  const key = await readFile(join(lab.dir, 'devices/device-001-key.pem'));
  for (let i = 0; i < count; i += 1) {
    const s = tlsConnect({ host: '127.0.0.1', port: lab.port, servername: 'localhost', ca, cert, key }, () => {
      // A CONNECT with a broken protocol name, then random bytes.
      s.write(Buffer.concat([Buffer.from([0x10, 0x7f, 0x00, 0x04, 0x4e, 0x4f, 0x50, 0x45]), randomBytes(256)]));
    });
    s.on('error', () => undefined);
    closed.push(new Promise((r) => s.once('close', () => r())));
  }
  // The lab closes every one of them itself.
  await Promise.all(closed);
}

/** `count` connects at once that hang up as soon as they are accepted. */
export async function connectFlood(lab: Lab, count: number): Promise<void> {
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((r) => {
          const s = netConnect(lab.port, '127.0.0.1', () => s.destroy());
          s.on('error', () => r());
          s.on('close', () => r());
        }),
    ),
  );
}
