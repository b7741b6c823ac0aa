import { CAUSE_INFO } from '../../../shared/connect/cause-catalog';
import type { ConnectReport } from '../../../shared/connect/report';
import { classify, verdictOf } from './classify';
import { explain } from './explain';
import type { Observations } from './observations';

/** The report of one attempt: a pure function of what the attempt observed. */
export function diagnose(obs: Observations): ConnectReport {
  const { cause, evidence, detail } = classify(obs);
  const failed = obs.failure !== null;
  const hint = obs.failure?.kind === 'preflight' && obs.failure.hint ? obs.failure.hint : CAUSE_INFO[cause].hint;
  const { protocol, host, port } = obs.settings;
  return {
    schema: 1,
    id: obs.id,
    startedAt: obs.startedAt,
    durationMs: obs.durationMs,
    target: { url: `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`, protocol, host, port, address: obs.address },
    verdict: verdictOf(cause, obs.warnings.length),
    phase: failed ? obs.reached : 'done',
    cause,
    explanation: explain(cause, evidence, detail, obs),
    hint,
    evidence,
    timeline: obs.timeline,
    tls: obs.tls,
    mqtt: obs.mqtt,
    access: obs.access,
    warnings: obs.warnings,
  };
}
