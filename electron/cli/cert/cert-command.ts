// `keyhole cert …`: the certificate workbench on the command line.
import type { Command } from 'commander';
import { batchCommand } from './batch-command';
import { caCommand } from './ca-command';
import { inspectCommand } from './inspect-command';
import { issueCommand } from './issue-command';
import { lintCommand } from './lint-command';
import { revokeCommand } from './revoke-command';
import { snippetCommand } from './snippet-command';

/** Registers `keyhole cert` and its subcommands (exit 0 fine, 1 errors found, 2 could not run, 64 usage). */
export function certCommand(program: Command): void {
  const cert = program
    .command('cert')
    .description('inspect, lint and issue test PKIs: CAs, broker and device certificates, batches, CRLs, broker snippets');
  inspectCommand(cert);
  lintCommand(cert);
  caCommand(cert);
  issueCommand(cert);
  batchCommand(cert);
  revokeCommand(cert);
  snippetCommand(cert);
}
