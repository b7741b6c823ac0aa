// A fault-injecting broker: one loopback listener per way an endpoint can go wrong during the
// TLS handshake or the first MQTT packets. Faults inside the handshake are made by standing in
// front of a real TLS server (in this process) and damaging what it says: cutting it, resetting
// it, or dribbling it out a byte at a time. Faults after the handshake answer CONNECT with
// hand-made MQTT bytes.
import { randomBytes } from 'node:crypto';
import { connect as netConnect, createServer as createNetServer, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { listen, tlsServer, type HostileServer, type TlsIdentity } from './hostile';
import { LOOPBACK } from './ports';

export type Fault =
  | 'silent-tcp'
  | 'close-after-client-hello'
  | 'reset-mid-handshake'
  | 'random-server-hello'
  | 'trickle-handshake'
  | 'long-chain'
  | 'tls-then-silent'
  | 'tls-then-garbage'
  | 'invalid-connack'
  | 'huge-packet-trickle'
  | 'connack-then-flood'
  | 'disconnect-after-connack';

/** Is `packet` an MQTT 5 CONNECT (protocol name MQTT, level 5)? */
const isV5Connect = (packet: Buffer) => packet.includes(Buffer.from([0x00, 0x04, 0x4d, 0x51, 0x54, 0x54, 0x05]));

/** A successful CONNACK in the framing the client asked for. */
const connackOk = (connect: Buffer) =>
  isV5Connect(connect) ? Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]) : Buffer.from([0x20, 0x02, 0x00, 0x00]);

/** A QoS 0 PUBLISH of `payload` to topic "flood" (3.1.1 framing; MQTT 5 adds an empty property length). */
function publishPacket(payload: Buffer, v5: boolean): Buffer {
  const topic = Buffer.from('flood');
  const body = Buffer.concat([Buffer.from([0x00, topic.length]), topic, v5 ? Buffer.from([0x00]) : Buffer.alloc(0), payload]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/**
 * 4 KiB of random bytes that cannot pass for a TLS record header: the first byte is no record
 * type (20..23) and the second is no major version 3. OpenSSL reads any header whose version
 * byte is 3, whatever its type, and waits for the length it declares: that would be another
 * fault (a stalled handshake) with another cause, about one answer in a thousand.
 */
function noise(): Buffer {
  const bytes = randomBytes(4096);
  while (bytes[0]! >= 20 && bytes[0]! <= 23) bytes[0] = randomBytes(1)[0]!;
  while (bytes[1] === 0x03) bytes[1] = randomBytes(1)[0]!;
  return bytes;
}

/** Faults made after a completed handshake: what the "broker" does with CONNECT. */
function afterHandshake(fault: Fault, socket: TLSSocket): void {
  const timers = new Set<NodeJS.Timeout>();
  socket.once('close', () => timers.forEach((t) => clearInterval(t)));
  socket.once('data', (connect: Buffer) => {
    switch (fault) {
      case 'tls-then-garbage': {
        // Random bytes that do not start like a CONNACK (0x20): one that did would declare a length
        // the client then waits for, which is a truncated CONNACK, another fault with another cause.
        const bytes = randomBytes(512);
        while (bytes[0] === 0x20) bytes[0] = randomBytes(1)[0]!;
        socket.end(bytes);
        return;
      }
      case 'invalid-connack':
        // Return code 0x07 (3.1.1 defines 0..5) / reason 0x03 (no MQTT 5 CONNACK reason has it).
        socket.end(isV5Connect(connect) ? Buffer.from([0x20, 0x03, 0x00, 0x03, 0x00]) : Buffer.from([0x20, 0x02, 0x00, 0x07]));
        return;
      case 'huge-packet-trickle': {
        // A CONNACK whose remaining length says 268,435,455 bytes (the largest MQTT allows), then a byte a second.
        socket.write(Buffer.from([0x20, 0xff, 0xff, 0xff, 0x7f]));
        const t = setInterval(() => socket.writable && socket.write(Buffer.from([0x00])), 1000);
        timers.add(t);
        return;
      }
      case 'connack-then-flood': {
        socket.write(connackOk(connect));
        const packet = publishPacket(Buffer.alloc(100, 0x61), isV5Connect(connect));
        const burst = Buffer.concat(Array.from({ length: 500 }, () => packet));
        const pump = () => {
          while (socket.writable && socket.write(burst));
        };
        socket.on('drain', pump);
        pump();
        return;
      }
      case 'disconnect-after-connack':
        socket.end(connackOk(connect));
        return;
      default:
        return; // tls-then-silent, long-chain: say nothing
    }
  });
}

/** A TLS server in this process that the front listener forwards to, damaging its answers. */
async function backend(identity: TlsIdentity, fault: Fault): Promise<HostileServer> {
  return listen(tlsServer(identity), (socket) => afterHandshake(fault, socket as TLSSocket), 'secureConnection');
}

/** Stands in front of `target`: forwards the client's bytes, and the server's through `damage`. */
function relay(client: Socket, target: number, damage: (chunk: Buffer, client: Socket) => void): void {
  const upstream = netConnect(target, LOOPBACK);
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('data', (chunk: Buffer) => upstream.write(chunk));
  upstream.on('data', (chunk: Buffer) => damage(chunk, client));
}

/**
 * Starts a listener that misbehaves as `fault` says; TLS faults use `identity` as the server's.
 * `chainFiller` is the certificate (PEM) repeated after the leaf for 'long-chain'.
 */
export async function faultServer(fault: Fault, identity: TlsIdentity, chainFiller = ''): Promise<HostileServer> {
  switch (fault) {
    case 'silent-tcp':
      return listen(createNetServer(), () => undefined, 'connection');
    case 'close-after-client-hello':
      return listen(createNetServer(), (s) => s.once('data', () => s.destroy()), 'connection');
    case 'random-server-hello':
      return listen(createNetServer(), (s) => s.once('data', () => s.write(noise())), 'connection');
    case 'reset-mid-handshake':
    case 'trickle-handshake': {
      const inner = await backend(identity, fault);
      const front = await listen(
        createNetServer(),
        (client) => {
          let sent = 0;
          const queue: number[] = [];
          let dribble: NodeJS.Timeout | null = null;
          client.once('close', () => dribble && clearInterval(dribble));
          relay(client, inner.port, (chunk) => {
            if (fault === 'reset-mid-handshake') {
              // Half of the ServerHello flight, then a TCP reset.
              if (sent === 0) client.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => client.resetAndDestroy());
              sent += chunk.length;
              return;
            }
            queue.push(...chunk);
            dribble ??= setInterval(() => {
              const b = queue.shift();
              if (b !== undefined && client.writable) client.write(Buffer.from([b]));
            }, 1000);
          });
        },
        'connection',
      );
      return {
        ...front,
        close: async () => {
          await front.close();
          await inner.close();
        },
      };
    }
    case 'long-chain':
      // The leaf followed by 99 more certificates: a chain no broker needs, that must not cost us.
      return backend({ ...identity, cert: `${identity.cert.toString()}\n${Array<string>(99).fill(chainFiller).join('\n')}` }, fault);
    default:
      return backend(identity, fault);
  }
}
