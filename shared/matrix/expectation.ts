// Does a report meet a row's expectation? A pure function of the expectation and the report's
// verdict, phase and cause, keyed on cause codes and the cause catalogue's layers, never on text.
// A `failed` attempt (broker unreachable, our own files unusable, a timeout) never counts as a
// rejection: a matrix whose broker is down must not pass its "must be rejected" rows.
import { CAUSE_INFO } from '../connect/cause-catalog';
import type { Cause, ConnectReport, Phase } from '../connect/report';
import type { Expectation } from '../profile/profile';
import type { LayerExpectation, OutcomeExpectation } from './matrix-file';

/** TLS failures that are a refusal of this identity's handshake, not a broken transport or an untrusted broker. */
const TLS_REFUSALS: ReadonlySet<Cause> = new Set<Cause>(['tls-handshake-failed', 'tls-protocol-mismatch', 'tls-alpn-rejected']);

const LAYER_WORDS: Record<LayerExpectation, string> = {
  accepted: 'accepted',
  rejected: 'rejected by the broker',
  'rejected:tls': 'rejected in the TLS handshake',
  'rejected:client-auth': 'its client certificate rejected',
  'rejected:connack': 'rejected at CONNACK',
  'denied:access': 'connected but denied access',
};

export interface ExpectationCheck {
  pass: boolean;
  /** One line: what was expected and what came, e.g. `expected rejected at CONNACK, got client-cert-revoked at client-auth`. */
  why: string;
}

type Outcome = Pick<ConnectReport, 'verdict' | 'phase' | 'cause'> & { accessChecked: boolean };

const isLayer = (e: OutcomeExpectation): e is LayerExpectation => e in LAYER_WORDS;

/** Whether an outcome meets a layered expectation. */
function meetsLayer(expect: LayerExpectation, o: Outcome): boolean {
  const layer = CAUSE_INFO[o.cause].layer;
  const rejected = o.verdict === 'rejected';
  switch (expect) {
    case 'accepted':
      return o.verdict === 'accepted' || o.verdict === 'accepted-with-warnings';
    case 'rejected':
      return rejected;
    case 'rejected:tls':
      return (rejected && layer === 'client-auth') || TLS_REFUSALS.has(o.cause);
    case 'rejected:client-auth':
      return rejected && layer === 'client-auth';
    case 'rejected:connack':
      return rejected && layer === 'connack';
    case 'denied:access':
      return rejected && layer === 'access';
    default: {
      const never: never = expect;
      return never;
    }
  }
}

/** How an outcome reads in a `why` line. */
const describe = (o: Outcome): string => `${o.verdict} (${o.cause} at ${o.phase})`;

/** Checks an outcome against an expectation; `why` says what was expected and what came. */
export function checkExpectation(expect: OutcomeExpectation, outcome: Outcome): ExpectationCheck {
  const pass = isLayer(expect) ? meetsLayer(expect, outcome) : outcome.cause === expect;
  const wanted = isLayer(expect) ? LAYER_WORDS[expect] : expect;
  if (pass) return { pass, why: `expected ${wanted}: got ${describe(outcome)}` };
  // An accepted identity that should have been denied access was never asked to do anything.
  const unchecked =
    !outcome.accessChecked && (outcome.verdict === 'accepted' || outcome.verdict === 'accepted-with-warnings') && needsAccess(expect)
      ? ' (access was not checked for this row)'
      : '';
  return { pass, why: `expected ${wanted}, got ${describe(outcome)}${unchecked}` };
}

/** Whether a report meets an expectation. */
export function meetsExpectation(expect: OutcomeExpectation, report: ConnectReport): ExpectationCheck {
  return checkExpectation(expect, {
    verdict: report.verdict,
    phase: report.phase,
    cause: report.cause,
    accessChecked: report.access !== null,
  });
}

/** Whether an expectation can only be met by an attempt that checks access. */
export function needsAccess(expect: OutcomeExpectation): boolean {
  return expect === 'denied:access' || (!isLayer(expect) && CAUSE_INFO[expect].layer === 'access');
}

const PHASE_EXPECTATION: Record<NonNullable<Expectation['phase']>, LayerExpectation> = {
  tls: 'rejected:tls',
  'client-auth': 'rejected:client-auth',
  connack: 'rejected:connack',
  access: 'denied:access',
};

/** A profile's stored expectation as a matrix expectation (null: it expects nothing). */
export function fromProfileExpectation(e: Expectation | undefined): OutcomeExpectation | null {
  if (!e) return null;
  if (e.cause) return e.cause;
  if (e.verdict === 'accepted') return 'accepted';
  if (e.phase) return PHASE_EXPECTATION[e.phase];
  return e.verdict === 'rejected' ? 'rejected' : null;
}

/** Every expectation a form offers: the layers, then each cause code (grouped by the phase that decides it). */
export function expectationChoices(): { value: OutcomeExpectation; label: string; group: string }[] {
  const layers = (Object.keys(LAYER_WORDS) as LayerExpectation[]).map((v) => ({ value: v, label: v, group: 'outcome' }));
  const causes = (Object.keys(CAUSE_INFO) as Cause[]).map((c) => ({
    value: c,
    label: c,
    group: `cause (${CAUSE_INFO[c].layer as Phase | 'any'})`,
  }));
  return [...layers, ...causes];
}
