// `keyhole demo`: start the lab, connect every demo identity, print identity → expected →
// verdict → cause → explanation, stop. Exit 0 when every identity got its expected outcome.
import { Command, Option } from 'commander';
import { describeLabEvent } from '../../../shared/lab/lab-event';
import { runDemo, type DemoRow } from '../../core/lab/demo-run';
import { startLab } from '../../core/lab/lab';
import { defaultDataDir } from '../../core/store/data-dir';
import { EXIT, UsageError } from '../exit-codes';
import { table } from './format-lab';
import { portFlag } from './lab-command';

interface DemoFlags {
  port?: string;
  dataDir?: string;
  tls?: '1.2' | '1.3';
  verbose?: boolean;
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** The result table; with `verbose`, the lab's side of each attempt under its row. */
export function demoLines(rows: DemoRow[], color: boolean, verbose: boolean): string[] {
  const cells = [['', 'identity', 'expected', 'verdict', 'cause', 'explanation']];
  for (const r of rows) {
    cells.push([r.passed ? '✓' : '✗', r.profile.name, r.profile.expect.cause, r.report.verdict, r.report.cause, r.report.explanation]);
  }
  const lines = table(cells);
  const out = [lines[0]!];
  rows.forEach((r, i) => {
    const line = lines[i + 1]!;
    out.push(r.passed ? line : paint(color, '31', line));
    if (verbose) for (const e of r.events) out.push(`      lab: ${describeLabEvent(e)}`);
  });
  return out;
}

/** Registers `keyhole demo` (exit 0 all as expected, 1 some not, 2 the lab could not start, 64 usage). */
export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the lab, connect every demo identity through the probe, print what each got and why, stop')
    .option('--port <n>', 'lab port (default 8883; a free port when 8883 is taken)')
    .option('--data-dir <dir>', `data folder; the lab lives in its lab/ folder (default: ${defaultDataDir()})`)
    .addOption(
      new Option('--tls <version>', 'TLS version every identity uses (default: 1.3 where both ends have it)').choices(['1.2', '1.3']),
    )
    .option('--verbose', "print the lab's side of each attempt under its row")
    .option('--no-color', 'no colours')
    .action(async (flags: DemoFlags) => {
      try {
        process.exitCode = await runDemoCommand(flags);
      } catch (e) {
        if (e instanceof UsageError) {
          console.error(`keyhole demo: ${e.message}`);
          process.exitCode = EXIT.usage;
          return;
        }
        throw e;
      }
    });
}

async function runDemoCommand(flags: DemoFlags): Promise<number> {
  const port = portFlag(flags.port);
  const color = flags.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const started = await startLab({
    dataDir: flags.dataDir ?? defaultDataDir(),
    ...(port === undefined ? {} : { port }),
    portFallback: port === undefined || port === 8883,
  });
  if (!started.ok) {
    console.error(`keyhole demo: the lab did not start: ${started.error.message}`);
    return EXIT.failed;
  }
  const lab = started.value;
  try {
    for (const notice of lab.notices) console.log(`note: ${notice}`);
    if (lab.created) console.log(`Issued the lab PKI (demo credentials) in ${lab.dir}.`);
    console.log(`Lab broker on localhost:${lab.port}; connecting ${lab.pki.state.identities.length} demo identities through the probe.\n`);
    const rows = await runDemo(lab, flags.tls ? { tls: flags.tls === '1.2' ? 'TLSv1.2' : 'TLSv1.3' } : {});
    for (const line of demoLines(rows, color, flags.verbose === true)) console.log(line);
    const passed = rows.filter((r) => r.passed).length;
    console.log(`\n${passed} of ${rows.length} identities got the outcome they should.`);
    return passed === rows.length ? EXIT.accepted : EXIT.rejected;
  } finally {
    await lab.stop();
  }
}
