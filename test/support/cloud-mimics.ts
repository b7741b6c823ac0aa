// A TLS front that behaves as a cloud MQTT service's edge does, in front of a real plain
// mosquitto: AWS IoT Core's ALPN routing on one port (`x-amzn-mqtt-ca`) and its way of refusing
// a connection its IoT policy does not allow (TLS accepted, CONNECT read, then the connection
// closed without a CONNACK); HiveMQ Cloud's routing by SNI (no SNI, no cluster: closed).
// No cloud is reachable from the test machines; these fronts are the services' documented
// behaviour, and the MQTT behind them is mosquitto's.
import { connect as netConnect, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll } from 'vitest';
import { LOOPBACK } from './ports';

export interface CloudFrontOptions {
  cert: Buffer;
  key: Buffer;
  /** The CA whose client certificates are required; none: no client certificate asked for. */
  clientCa?: Buffer;
  /** ALPN protocols taken; a client offering none of them gets alert 120 (no_application_protocol). */
  alpn?: string[];
  /** A connection that negotiated no ALPN is HTTPS: it gets an HTTP 400 and is closed (AWS's port 443). */
  httpsWithoutAlpn?: boolean;
  /** Close connections that sent no SNI right after the handshake. */
  requireSni?: boolean;
  /** Read the CONNECT, then close without a CONNACK (AWS IoT Core refusing by policy). */
  closeAfterConnect?: boolean;
  /** The plain mosquitto port the front forwards to. */
  upstreamPort: number;
}

export interface CloudFront {
  host: typeof LOOPBACK;
  port: number;
  /** The SNI each accepted connection sent (null: none), in order. */
  sniSeen: (string | null)[];
  close(): Promise<void>;
}

/** Starts a TLS front on a free loopback port. */
export async function startCloudFront(options: CloudFrontOptions): Promise<CloudFront> {
  const sockets = new Set<Socket>();
  const sniSeen: (string | null)[] = [];
  const server = createTlsServer({
    cert: options.cert,
    key: options.key,
    ...(options.clientCa ? { ca: options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
    ...(options.alpn ? { ALPNProtocols: options.alpn } : {}),
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (tls: TLSSocket) => {
    tls.on('error', () => undefined);
    const sni = typeof tls.servername === 'string' && tls.servername !== '' ? tls.servername : null;
    sniSeen.push(sni);
    if (options.requireSni && sni === null) {
      tls.destroy();
      return;
    }
    if (options.httpsWithoutAlpn && !tls.alpnProtocol) {
      tls.once('data', () => tls.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
      return;
    }
    if (options.closeAfterConnect) {
      tls.once('data', () => tls.destroy());
      return;
    }
    const upstream = netConnect(options.upstreamPort, LOOPBACK);
    sockets.add(upstream);
    upstream.on('error', () => tls.destroy());
    upstream.once('close', () => {
      sockets.delete(upstream);
      tls.destroy();
    });
    tls.once('close', () => upstream.destroy());
    tls.pipe(upstream).pipe(tls);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('cloud front has no port');
  return {
    host: LOOPBACK,
    port: address.port,
    sniSeen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Cloud fronts for one test file, closed in afterAll. Call at the top level of a test file. */
export function useCloudFronts(): { start(options: CloudFrontOptions): Promise<CloudFront> } {
  const fronts: CloudFront[] = [];
  afterAll(async () => {
    await Promise.all(fronts.map((f) => f.close()));
  });
  return {
    async start(options) {
      const front = await startCloudFront(options);
      fronts.push(front);
      return front;
    },
  };
}
