// Every finding with its kind, written out: moving a finding between warning and note changes
// which successes read "accepted with warnings", so it must change this table too.
import { describe, expect, it } from 'vitest';
import { FINDING_INFO, splitFindings, type FindingKind } from '../../../../shared/connect/finding-catalog';
import { FindingCode } from '../../../../shared/connect/report';

const TABLE: [FindingCode, FindingKind][] = [
  ['verification-off', 'warning'],
  ['verification-chain-only', 'warning'],
  ['hostname-mismatch-ignored', 'warning'],
  ['verification-would-fail', 'warning'],
  ['server-cert-expiring-soon', 'warning'],
  ['server-cert-weak-key', 'warning'],
  ['server-cert-weak-signature', 'warning'],
  ['client-cert-expired-locally', 'warning'],
  ['client-cert-not-yet-valid-locally', 'warning'],
  ['client-cert-expiring-soon', 'warning'],
  ['client-cert-no-client-auth-eku', 'warning'],
  ['client-cert-key-usage', 'warning'],
  ['client-cert-weak-key', 'warning'],
  ['client-cert-weak-signature', 'warning'],
  ['client-cert-not-from-ca', 'note'],
  ['client-cert-not-requested', 'note'],
  ['client-chain-reordered', 'note'],
  ['client-chain-ca-unfit', 'warning'],
  ['client-cert-is-ca', 'warning'],
  ['ca-not-a-ca', 'note'],
  ['cert-aki-missing', 'note'],
  ['cert-ed25519', 'note'],
  ['pkcs12-legacy-converted', 'warning'],
  ['pkcs12-not-inspected', 'note'],
  ['pkcs12-bundled-ca', 'note'],
  ['password-in-clear', 'warning'],
  ['password-on-command-line', 'warning'],
  ['tls-material-unused', 'warning'],
  ['address-used', 'note'],
  ['access-not-checked', 'note'],
];

describe('the finding catalogue', () => {
  it('lists every finding exactly once in this table', () => {
    expect(TABLE.map(([code]) => code).sort()).toEqual([...FindingCode.options].sort());
  });

  it.each(TABLE)('%s is a %s', (code, kind) => {
    expect(FINDING_INFO[code].kind).toBe(kind);
    expect(FINDING_INFO[code].title.length).toBeGreaterThan(3);
  });

  it('splits findings into warnings and notes in their order', () => {
    const { warnings, notes } = splitFindings([
      { code: 'address-used', message: 'a' },
      { code: 'password-in-clear', message: 'b' },
      { code: 'access-not-checked', message: 'c' },
      { code: 'verification-off', message: 'd' },
    ]);
    expect(warnings.map((w) => w.message)).toEqual(['b', 'd']);
    expect(notes.map((n) => n.message)).toEqual(['a', 'c']);
  });
});
