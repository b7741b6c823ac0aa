import { splitFindings } from '../../../shared/connect/finding-catalog';
import { REPORT_SCHEMA, type ConnectReport, type Finding } from '../../../shared/connect/report';
import { brokerUrl, wsPath } from '../../../shared/connect/settings';
import { isWebSocket } from '../../../shared/connect/transport';
import { classify, verdictOf } from './classify';
import { ACCESS_NOT_CHECKED_NOTE, explain, hintFor } from './explain';
import type { Observations } from './observations';

/** The report of one attempt: a pure function of what the attempt observed. */
export function diagnose(obs: Observations): ConnectReport {
  const { cause, evidence, detail } = classify(obs);
  const failed = obs.failure !== null;
  const findings: Finding[] = [...obs.findings];
  // An accepted identity may still be stopped by the broker's ACL: say that it was not tried.
  if (!failed && obs.access === null) findings.push({ code: 'access-not-checked', message: ACCESS_NOT_CHECKED_NOTE });
  const { warnings, notes } = splitFindings(findings);
  const { protocol, host, port } = obs.settings;
  const path = isWebSocket(protocol) ? wsPath(obs.settings) : undefined;
  return {
    schema: REPORT_SCHEMA,
    id: obs.id,
    startedAt: obs.startedAt,
    durationMs: obs.durationMs,
    target: { url: brokerUrl(protocol, host, port, path), protocol, host, port, ...(path ? { path } : {}), address: obs.address },
    verdict: verdictOf(cause, warnings.length),
    phase: failed ? obs.reached : 'done',
    cause,
    explanation: explain(cause, evidence, detail, obs),
    hint: hintFor(cause, obs),
    evidence,
    timeline: obs.timeline,
    tls: obs.tls,
    mqtt: obs.mqtt,
    access: obs.access,
    warnings,
    notes,
  };
}
