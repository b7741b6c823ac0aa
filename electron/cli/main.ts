import { Command, CommanderError } from 'commander';
import { certCommand } from './cert/cert-command';
import { connectCommand } from './connect-command';
import { EXIT } from './exit-codes';
import { profileSubcommands } from './profile-command';
import { demoCommand } from './lab/demo-command';
import { labCommand } from './lab/lab-command';
import { matrixCommand } from './matrix-command';

const program = new Command()
  .name('keyhole')
  .description('MQTT over mutual TLS: did this identity get in, and if not, where and why?')
  .version(process.env.KEYHOLE_VERSION ?? '0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

connectCommand(program);
certCommand(program);
profileSubcommands(program);
labCommand(program);
demoCommand(program);
matrixCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; anything else commander rejects is a usage error (EX_USAGE).
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.usage;
  } else {
    console.error(`keyhole: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = EXIT.failed;
  }
}
