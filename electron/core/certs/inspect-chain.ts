// How the certificates of one input relate: a chain sent leaf first (RFC 8446 §4.4.2: each
// certificate certifies the one before it), the same chain reversed, a bundle of CAs, or pieces
// that do not fit. Links are checked by name and signature (summary.issuedBy).
import type { X509Certificate } from 'node:crypto';
import type { ChainAnalysis, InspectFinding, KeyMatch } from '../../../shared/certs/inspect';
import { commonName, isSelfSigned, issuedBy } from './summary';

/** A certificate from any input, as a candidate issuer or key match. */
export interface Located {
  cert: X509Certificate;
  source: string;
  item: number;
  /** Which input it came from (names may repeat: two folders' ca.pem). */
  input: number;
}

export interface ChainResult {
  /** `bundle`: several certificates that are not one chain (a CA bundle, say). */
  shape: 'single' | 'chain' | 'bundle';
  analysis: ChainAnalysis;
  findings: InspectFinding[];
}

/** Chains longer than this are treated as bundles: ordering checks are quadratic. */
const MAX_CHAIN = 32;

/** Analyses the certificates of one input (`items[i]` is the item index of `certs[i]`); `others` are every other input's certificates. */
export function analyseChain(certs: X509Certificate[], items: number[], others: Located[], inputName: string): ChainResult {
  const findings: InspectFinding[] = [];
  const name = (i: number) => describe(certs[i]);
  const links = certs
    .slice(1)
    .map((parent, i) => ({ child: items[i] ?? i, parent: items[i + 1] ?? i + 1, verifies: issuedBy(certs[i] as X509Certificate, parent) }));
  let shape: ChainResult['shape'] = certs.length === 1 ? 'single' : 'chain';
  let order: ChainAnalysis['order'] = 'leaf-first';
  let suggested: number[] | null = null;
  if (certs.length > 1) {
    const reversed = certs.slice(1).every((parent, i) => issuedBy(parent, certs[i] as X509Certificate));
    if (links.every((l) => l.verifies)) order = 'leaf-first';
    else if (reversed) {
      order = 'root-first';
      suggested = [...items].reverse();
      findings.push({
        code: 'chain-out-of-order',
        level: 'warning',
        message: `"${inputName}" lists its chain root first; TLS sends the leaf first (RFC 8446 §4.4.2): reorder it as ${suggested.map((i) => i + 1).join(', ')}.`,
      });
    } else {
      order = 'unordered';
      const path = certs.length <= MAX_CHAIN ? findPath(certs) : null;
      if (path) {
        suggested = path.map((i) => items[i] ?? i);
        findings.push({
          code: 'chain-out-of-order',
          level: 'warning',
          message: `The certificates in "${inputName}" form one chain, but not in order; leaf first it is ${path.map((i) => name(i)).join(' ← ')} (items ${suggested.map((i) => i + 1).join(', ')}).`,
        });
      } else if (certs.every((c) => c.ca)) {
        shape = 'bundle';
      } else {
        const broken = links.find((l) => !l.verifies);
        const child = broken ? items.indexOf(broken.child) : 0;
        findings.push({
          code: 'chain-broken',
          level: 'error',
          message: `In "${inputName}", certificate ${child + 2} (${name(child + 1)}) did not issue certificate ${child + 1} (${name(child)}): its issuer is "${issuerName(certs[child])}". The chain is incomplete or holds a certificate that does not belong.`,
          item: broken?.child,
        });
      }
    }
  }
  const top =
    shape === 'bundle'
      ? undefined
      : certs[order === 'root-first' ? 0 : suggested ? items.indexOf(suggested.at(-1) ?? 0) : certs.length - 1];
  const anchor = top && !isSelfSigned(top) ? findIssuer(top, others) : null;
  if (top && !isSelfSigned(top) && !anchor && others.length > 0) {
    findings.push({
      code: 'chain-unanchored',
      level: 'note',
      message: `None of the other inputs issued ${describe(top)} (its issuer is "${issuerName(top)}").`,
    });
  }
  return { shape, analysis: { order, links, suggestedOrder: suggested, anchor }, findings };
}

/** A certificate among `others` that issued `cert`, as a reference. */
export function findIssuer(cert: X509Certificate, others: Located[]): KeyMatch | null {
  const issuer = others.find((o) => o.cert !== cert && issuedBy(cert, o.cert));
  return issuer
    ? {
        source: issuer.source,
        item: issuer.item,
        commonName: commonName(issuer.cert.subject),
        fingerprintSha256: issuer.cert.fingerprint256,
      }
    : null;
}

/** Leaf-first indices when every certificate lies on one path from a leaf upwards. */
function findPath(certs: X509Certificate[]): number[] | null {
  const issuerOf = certs.map((c, i) => certs.findIndex((p, j) => j !== i && issuedBy(c, p)));
  const issuedSomething = new Set(issuerOf.filter((j) => j >= 0));
  const leaves = certs.map((_, i) => i).filter((i) => !issuedSomething.has(i));
  if (leaves.length !== 1) return null;
  const path: number[] = [];
  for (let at = leaves[0] ?? -1; at >= 0 && !path.includes(at); at = issuerOf[at] ?? -1) path.push(at);
  return path.length === certs.length ? path : null;
}

function describe(cert: X509Certificate | undefined): string {
  if (!cert) return '?';
  const cn = commonName(cert.subject);
  return cn === null ? `"${cert.subject.split('\n').join(', ')}"` : `"${cn}"`;
}

function issuerName(cert: X509Certificate | undefined): string {
  if (!cert) return '?';
  return commonName(cert.issuer) ?? cert.issuer.split('\n').join(', ');
}
