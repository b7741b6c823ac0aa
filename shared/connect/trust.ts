import type { TlsInfo } from './report';

export type Trust = NonNullable<TlsInfo['trust']>;

/**
 * Which CAs an attempt trusted, in a few words for the timeline and the TLS panel: "1 CA
 * certificate + system trust store (144 certificates from /etc/ssl/certs/ca-certificates.crt)".
 */
export function describeTrust(trust: Trust, bundled = 0): string {
  const parts: string[] = [];
  if (trust.loaded > 0) {
    const from = bundled === 0 ? '' : ` (${bundled === trust.loaded ? 'all' : bundled} from the PKCS#12 bundle)`;
    parts.push(`${trust.loaded} CA certificate${trust.loaded === 1 ? '' : 's'}${from}`);
  }
  if (trust.system?.found) parts.push(`system trust store (${trust.system.count} certificates from ${trust.system.source})`);
  else if (trust.system)
    parts.push(`no system trust store found: Node's built-in Mozilla list (${trust.system.count} certificates) instead`);
  if (trust.builtIn !== null) parts.push(`no CA given: Node's built-in Mozilla list (${trust.builtIn} certificates) decides`);
  return parts.join(' + ') || 'no CA';
}
