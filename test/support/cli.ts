// The bundled `keyhole` command as a CI job runs it: a child process with no stdin and no
// terminal, NO_COLOR set, and a hard time limit.
import { execFile } from 'node:child_process';
import { ConnectReport } from '../../shared/connect/report';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node CLI ...args` from `cwd`; `code` is null when the time limit killed it. */
export function runCli(cli: string, cwd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: timeoutMs, encoding: 'utf8' },
      (error, stdout, stderr) => {
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** The report a `--json` run printed, validated against the schema. */
export const reportOf = (run: CliRun): ConnectReport => ConnectReport.parse(JSON.parse(run.stdout));
