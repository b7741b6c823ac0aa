// The process the journal crash test kills: opens the store in the folder given through the
// profile service, then keeps report after report for profile `p1` (counter + 1 each, the
// counter in the report's id) until it is killed. Prints `ready N` once loaded and `saved N`
// after each report is on disk; stdout is a pipe, which Node writes synchronously.
import { readFileSync } from 'node:fs';
import { ConnectReport } from '../../../shared/connect/report';
import { openProfileService } from '../../../electron/core/profiles/profile-service';
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { migrate } from '../../../electron/core/store/migrations';

const [dir, fixture] = process.argv.slice(2);
if (!dir || !fixture) throw new Error('usage: journal-writer DIR V7_FIXTURE');
const m = migrate(JSON.parse(readFileSync(fixture, 'utf8')));
if (!m.ok) throw new Error('fixture');
const template = ConnectReport.parse(Object.values(m.doc.reports as Record<string, unknown[]>)[0]![0]);
export const reportId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const service = await openProfileService({ store: createJsonFileStore(dir, { log: () => undefined }) });
if (service.problem) throw new Error(service.problem);
const newest = service.reports('p1');
let counter = newest.ok && newest.value[0] ? Number(newest.value[0].id.slice(-12)) : 0;
process.stdout.write(`ready ${counter}\n`);
for (;;) {
  counter++;
  const kept = await service.addReport('p1', { ...template, id: reportId(counter) });
  if (!kept.ok) throw new Error(`save failed: ${kept.error.message}`);
  process.stdout.write(`saved ${counter}\n`);
}
