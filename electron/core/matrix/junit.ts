// JUnit XML, the format every CI system reads and merges (Jenkins, GitLab, GitHub test
// reporters): <testsuites> with one <testsuite> per run, one <testcase> per row, <failure> for a
// row that did not meet its expectation (message: why and the explanation; body: the evidence),
// <skipped> for a row cancelled in flight. Counts on both levels agree with the test cases.
import type { MatrixRowRecord, MatrixSummary } from '../../../shared/matrix/matrix-run';
import { evidenceLines } from './evidence';

export interface JunitRun {
  matrixName: string;
  target: string;
  startedAt: string;
  /** `i/n` when the run was one shard. */
  shard?: string;
  summary: MatrixSummary;
  rows: readonly MatrixRowRecord[];
}

// XML 1.0 §2.2: control characters other than tab, LF and CR cannot appear at all, even escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text for an attribute value or element content. */
export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');

/** A class name CI tools group by: the matrix name, dotted. */
const className = (matrixName: string) => `keyhole.matrix.${matrixName.replace(/[^A-Za-z0-9_-]+/g, '_') || 'matrix'}`;

function testcase(row: MatrixRowRecord, cls: string): string {
  const head = `    <testcase${attrs({ name: row.name, classname: cls, time: seconds(row.durationMs) })}>`;
  const out = [
    `CN: ${row.commonName ?? '(no certificate sent)'}`,
    `expected: ${row.expect}`,
    `got: ${row.verdict} ${row.cause} at ${row.phase}`,
    ...(row.attempts > 1 ? [`retried: ${row.attempts} attempts (earlier: ${row.retriedCauses.join(', ')})`] : []),
  ];
  const body: string[] = [];
  if (row.status === 'fail') {
    const message = `${row.why}. ${row.explanation}`;
    body.push(`      <failure${attrs({ message, type: row.cause })}>${xmlEscape(evidenceLines(row.report).join('\n'))}</failure>`);
  } else if (row.status === 'cancelled') {
    body.push(`      <skipped${attrs({ message: 'cancelled: the run was cancelled while this row was in flight' })}/>`);
  }
  body.push(`      <system-out>${xmlEscape(out.join('\n'))}</system-out>`);
  return [head, ...body, '    </testcase>'].join('\n');
}

/** The run as a JUnit XML document, rows in matrix order. */
export function junitXml(run: JunitRun): string {
  const rows = [...run.rows].sort((a, b) => a.index - b.index);
  const failures = rows.filter((r) => r.status === 'fail').length;
  const skipped = rows.filter((r) => r.status === 'cancelled').length;
  const time = seconds(run.summary.elapsedMs);
  const suiteName = run.shard ? `${run.matrixName} (shard ${run.shard})` : run.matrixName;
  const counts = { tests: rows.length, failures, errors: 0, skipped, time };
  const cls = className(run.matrixName);
  const properties = [
    `      <property${attrs({ name: 'target', value: run.target })}/>`,
    ...(run.shard ? [`      <property${attrs({ name: 'shard', value: run.shard })}/>`] : []),
    `      <property${attrs({ name: 'not-run', value: run.summary.notRun })}/>`,
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'keyhole matrix', ...counts })}>`,
    `  <testsuite${attrs({ name: suiteName, ...counts, timestamp: run.startedAt.replace(/\.\d+Z$/, ''), hostname: 'keyhole' })}>`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...rows.map((r) => testcase(r, cls)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
