import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes';
import { printable } from './printable';

/**
 * Each top-level command with the module that defines it, loaded only when it runs: `keyhole
 * connect` does not load the workbench, the lab broker, the matrix or the profile tools (a
 * one-shot process pays for every module it loads, at every start).
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  connect: async () => (await import('./connect-command')).connectCommand,
  cert: async () => (await import('./cert/cert-command')).certCommand,
  profile: async () => (await import('./profile-command')).profileSubcommands,
  lab: async () => (await import('./lab/lab-command')).labCommand,
  demo: async () => (await import('./lab/demo-command')).demoCommand,
  matrix: async () => (await import('./matrix-command')).matrixCommand,
};

const program = new Command()
  .name('keyhole')
  .description('MQTT over mutual TLS: did this identity get in, and if not, where and why?')
  .version(process.env.KEYHOLE_VERSION ?? '0.1.0')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

try {
  // The first argument names the command; anything else (--help, --version, a typo) gets them all.
  const named = COMMANDS[process.argv[2] ?? ''];
  const registrars = await Promise.all(named ? [named()] : Object.values(COMMANDS).map((load) => load()));
  for (const register of registrars) register(program);
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; anything else commander rejects is a usage error (EX_USAGE).
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.usage;
  } else {
    console.error(`keyhole: ${printable(e instanceof Error ? e.message : String(e))}`);
    process.exitCode = EXIT.failed;
  }
}
