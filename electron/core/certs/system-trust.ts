// The operating system's trust store as a CA source. Node does not trust it by default: without
// a CA, `tls.connect` trusts Node's own copy of Mozilla's list (`tls.rootCertificates`), which
// lacks a company's or a distribution's added roots. Where Node can read the OS store
// (`tls.getCACertificates('system')`, Node ≥ 22.15 and the Electron builds on it) that is used;
// on older Node the platform's PEM bundle is read instead; `SSL_CERT_FILE`, OpenSSL's own
// override (honoured by openssl, curl and Python alike), comes first everywhere.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

/** Certificates of a trust store, and where they came from, in words for the report. */
export interface SystemTrust {
  /** PEM strings, one per certificate. */
  certificates: string[];
  /** Where they came from, to follow "from": "SSL_CERT_FILE=/path", "/etc/ssl/certs/ca-certificates.crt", … */
  source: string;
  /** False when no system store was found and Node's built-in list stands in for it. */
  found: boolean;
}

/** What the lookup reads; every part defaults to this process's own. */
export interface SystemTrustWorld {
  env?: Readonly<Record<string, string | undefined>>;
  /** The file's text, or null when it cannot be read. */
  readFile?: (path: string) => string | null;
  /** Node's reader of the OS store, where this Node has one. */
  getSystemCertificates?: (() => string[]) | null;
  platform?: NodeJS.Platform;
}

/**
 * The platform bundles OpenSSL builds read by default, in the order they are tried: Debian,
 * Ubuntu and Alpine; Fedora and RHEL (two paths); openSUSE; macOS, the BSDs and Alpine's
 * compatibility link.
 */
export const PLATFORM_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM certificates of a bundle's text. */
export const pemCertificates = (text: string): string[] => text.match(PEM_CERT) ?? [];

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Node's OS store reader (tls.getCACertificates('system')), where this Node has one. */
function nodeSystemReader(): (() => string[]) | null {
  const get = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return typeof get === 'function' ? () => get('system') : null;
}

/** The OS trust store's certificates and their source; Node's built-in list (found: false) when there is none. */
export function systemTrust(world: SystemTrustWorld = {}): SystemTrust {
  const env = world.env ?? process.env;
  const read = world.readFile ?? readText;
  const override = env.SSL_CERT_FILE;
  if (override) {
    const certs = pemCertificates(read(override) ?? '');
    if (certs.length > 0) return { certificates: certs, source: `SSL_CERT_FILE=${override}`, found: true };
  }
  const getSystem = world.getSystemCertificates === undefined ? nodeSystemReader() : world.getSystemCertificates;
  if (getSystem) {
    try {
      const certs = getSystem();
      if (certs.length > 0) return { certificates: certs, source: 'the operating system (read by Node)', found: true };
    } catch {
      // No store readable on this machine: try the bundles.
    }
  }
  if ((world.platform ?? process.platform) !== 'win32') {
    for (const path of PLATFORM_BUNDLES) {
      const certs = pemCertificates(read(path) ?? '');
      if (certs.length > 0) return { certificates: certs, source: path, found: true };
    }
  }
  return { certificates: [...tls.rootCertificates], source: "Node's built-in Mozilla list", found: false };
}

/** How many certificates Node trusts when given no CA at all (its built-in Mozilla list). */
export const builtInCaCount = (): number => tls.rootCertificates.length;
