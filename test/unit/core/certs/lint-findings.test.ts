// Each lint code as an attempt reports it, for our chain, the broker's chain and the CA files:
// the table of which report finding (and so which kind, warning or note) a lint finding becomes.
import { describe, expect, it } from 'vitest';
import { LINT_LEVELS } from '../../../../electron/core/certs/lint';
import { reportFindingsOf, type LintedChain } from '../../../../electron/core/certs/lint-findings';
import type { LintCode } from '../../../../shared/certs/lint';
import { findingKind } from '../../../../shared/connect/finding-catalog';

const as = (code: LintCode, chain: LintedChain) =>
  reportFindingsOf([{ code, level: LINT_LEVELS[code], message: `m-${code}` }], chain, 'W').map((f) => [f.code, findingKind(f.code)]);

describe('lint findings in a report', () => {
  it.each<[LintCode, LintedChain, [string, string][]]>([
    ['cert-expired', 'client', [['client-cert-expired-locally', 'warning']]],
    ['cert-expires-soon', 'client', [['client-cert-expiring-soon', 'warning']]],
    ['eku-no-client-auth', 'client', [['client-cert-no-client-auth-eku', 'warning']]],
    ['key-weak', 'client', [['client-cert-weak-key', 'warning']]],
    ['chain-not-to-ca', 'client', [['client-cert-not-from-ca', 'note']]],
    ['ca-expired', 'client', [['client-chain-ca-unfit', 'warning']]],
    ['key-ed25519', 'client', [['cert-ed25519', 'note']]],
    ['cert-expires-soon', 'server', [['server-cert-expiring-soon', 'warning']]],
    ['signature-sha1', 'server', [['server-cert-weak-signature', 'warning']]],
    ['ca-not-a-ca', 'ca-files', [['ca-not-a-ca', 'note']]],
    // Nothing an attempt has a use for: preflight stops on these itself, or they need a setting.
    ['key-cert-mismatch', 'client', []],
    ['validity-too-long', 'client', []],
    ['san-host-mismatch', 'server', []],
  ])('%s in the %s chain', (code, chain, expected) => {
    expect(as(code, chain)).toEqual(expected);
  });

  it('names what was linted first, and says a foreign client CA is normal', () => {
    const [f] = reportFindingsOf(
      [{ code: 'chain-not-to-ca', level: 'error', message: 'Issued by X.' }],
      'client',
      'The client certificate in "d.pem"',
    );
    expect(f?.message).toMatch(/^The client certificate in "d.pem": Issued by X\. .*separate client CA/);
  });
});
