// A broker URL as the CLI and `keyhole connect` lines take it: mqtt://, mqtts://, ws:// or
// wss://, a host (IPv6 in brackets), an optional port (the scheme's own otherwise) and, for a
// WebSocket, a path with its query.
import { bareHost, WsPath } from '../../../shared/connect/settings';
import { DEFAULT_PORTS, isWebSocket, Protocol } from '../../../shared/connect/transport';
import { err, ok, type Result } from '../../../shared/result';

export interface BrokerAddress {
  protocol: Protocol;
  host: string;
  port: number;
  /** The WebSocket path; absent for mqtt:// and mqtts://, and for a WebSocket URL with none. */
  path?: string;
}

/** The URL's parts, or a sentence saying what is wrong with it. */
export function parseBrokerUrl(raw: string): Result<BrokerAddress, string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return err(`"${raw}" is not a URL: write it as mqtts://host:port, mqtt://host:port, wss://host:port/path or ws://host:port/path`);
  }
  const scheme = Protocol.safeParse(url.protocol.replace(/:$/, ''));
  if (!scheme.success) {
    return err(`the scheme "${url.protocol}//" is not supported: use mqtts:// (TLS), mqtt:// (plain), wss:// or ws:// (WebSocket)`);
  }
  const protocol = scheme.data;
  if (!url.hostname) return err(`"${raw}" has no host`);
  // WHATWG URL parsing keeps the port only when it differs from the scheme's special default
  // (80 and 443 for ws and wss), so an empty port means the scheme's own.
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[protocol];
  const out: BrokerAddress = { protocol, host: bareHost(url.hostname), port };
  const pathAndQuery = `${url.pathname}${url.search}`;
  // "wss://host" parses with the path "/" as "wss://host/" does: only the text tells whether a
  // path was written (without one, the default applies).
  const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([/?][^#]*)?/i.exec(raw)?.[1] !== undefined;
  if (isWebSocket(protocol)) {
    if (written) {
      const path = WsPath.safeParse(pathAndQuery);
      if (!path.success) return err(`the WebSocket path "${pathAndQuery}" is not usable: ${path.error.issues[0]?.message ?? 'invalid'}`);
      out.path = path.data;
    }
  } else if (written && pathAndQuery !== '/' && pathAndQuery !== '') {
    return err(`${protocol}:// takes no path ("${pathAndQuery}"): a path belongs to ws:// and wss:// URLs`);
  }
  if (url.hash) return err(`"${raw}" has a fragment (${url.hash}), which a broker URL cannot have`);
  return ok(out);
}
