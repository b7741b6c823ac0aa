// `keyhole profile from-config | from-command | to-command`: a profile from a broker's bridge
// configuration or a command line, printed or saved to the store; and a saved profile as a
// keyhole / mosquitto_sub / openssl line. Saving takes the data folder's lock like the app does,
// and says who holds it when another Keyhole does.
import { MAX_CONFIG_CHARS } from '../../shared/ipc/contract';
import { readBoundedFile } from '../core/certs/bounded-read';
import { homedir } from 'node:os';
import { dirname, resolve as resolvePath } from 'node:path';
import { Command, Option } from 'commander';
import type { CommandKind } from '../../shared/profile/config-import';
import { openProfileService } from '../core/profiles/profile-service';
import { defaultDataDir } from '../core/store/data-dir';
import { takeFolderLock } from '../core/store/folder-lock';
import { createJsonFileStore } from '../core/store/json-store';
import { parseConfigText, type ConfigImportOptions } from '../core/transfer/config-import';
import type { ImportCandidate, ParsedImport } from '../core/transfer/import-candidate';
import { profileCommand } from '../core/transfer/to-command';
import { createTransferService, readReferencedFile } from '../core/transfer/transfer-service';
import { EXIT, ExitError, UsageError } from './exit-codes';
import { candidateJson, formatCandidate } from './format-candidate';
import { printable } from './printable';
import { pick } from './profile-source';

interface FromFlags {
  bridge?: string;
  json?: boolean;
  save?: string;
  dataDir?: string;
}

const dataDirOf = (flags: { dataDir?: string }) => resolvePath(flags.dataDir ?? defaultDataDir());

/** Runs an action, turning its failures into messages and exit codes. */
const run =
  <A extends unknown[]>(name: string, action: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await action(...args);
      process.exitCode = EXIT.accepted;
    } catch (e) {
      if (e instanceof UsageError || e instanceof ExitError) {
        console.error(`keyhole profile ${name}: ${printable(e.message)}`);
        process.exitCode = e instanceof ExitError ? e.code : EXIT.usage;
        return;
      }
      throw e;
    }
  };

/** `keyhole profile …`. */
export function profileSubcommands(program: Command): void {
  const profile = program
    .command('profile')
    .description('make profiles from bridge configurations and command lines, and command lines from profiles');
  const dataDirHelp = `data folder holding the saved profiles (default: ${defaultDataDir()})`;
  profile
    .command('from-config')
    .description('read a broker bridge configuration (NanoMQ, mosquitto, EMQX) into a profile: print it, or --save it')
    .argument('<file>', 'nanomq.conf, nanomq_bridge.conf, mosquitto.conf, an EMQX connector (HOCON or API JSON)')
    .option('--bridge <name>', 'the bridge to read, when the configuration has several')
    .option('--json', 'print the profile as JSON (never with secret values)')
    .option('--save <name>', 'store the profile under this name (secrets sealed)')
    .option('--data-dir <dir>', dataDirHelp)
    .action(
      run('from-config', async (file: string, flags: FromFlags) => {
        // The app's own limit for a configuration: parsing costs about 40 times the text in memory,
        // and no broker configuration comes near a megabyte.
        const read = await readBoundedFile(file, MAX_CONFIG_CHARS);
        if (!read.ok)
          throw new ExitError(
            EXIT.noInput,
            `cannot read ${file}: ${read.error.problem === 'not-found' ? 'no such file' : read.error.message}`,
          );
        const text = read.value.toString('utf8');
        const options: ConfigImportOptions = { readFile: readReferencedFile, baseDir: dirname(resolvePath(file)), homeDir: homedir() };
        await fromText(text, file, options, flags);
      }),
    );
  profile
    .command('from-command')
    .description('read a command line (mosquitto_pub/sub, mqttx, openssl s_client, keyhole connect) into a profile')
    .argument('<line>', 'the command line, in quotes; $VARS it reads secrets from are looked up in this environment')
    .option('--json', 'print the profile as JSON (never with secret values)')
    .option('--save <name>', 'store the profile under this name (secrets sealed)')
    .option('--data-dir <dir>', dataDirHelp)
    .action(
      run('from-command', async (line: string, flags: FromFlags) => {
        const options: ConfigImportOptions = {
          readFile: readReferencedFile,
          baseDir: process.cwd(),
          homeDir: homedir(),
          env: (name) => process.env[name],
        };
        await fromText(line, 'the command line', options, flags);
      }),
    );
  profile
    .command('to-command')
    .description('print a saved profile as a command line; secrets are read from environment variables, never printed')
    .argument('<name>', 'the profile, by name or id')
    .addOption(new Option('--as <tool>', 'the tool').choices(['keyhole', 'mosquitto_sub', 'openssl']).makeOptionMandatory())
    .option('--data-dir <dir>', dataDirHelp)
    .action(run('to-command', toCommand));
}

async function fromText(text: string, where: string, options: ConfigImportOptions, flags: FromFlags): Promise<void> {
  const parsed = await parseConfigText(text, options);
  if (!parsed.ok) throw new ExitError(EXIT.dataError, `${where}: ${parsed.error.message}`);
  const { notes } = parsed.value;
  let candidates = parsed.value.candidates;
  if (flags.bridge !== undefined) {
    candidates = candidates.filter((c) => c.mapping?.section === flags.bridge);
    if (!candidates.length)
      throw new UsageError(
        `${where} has no bridge named "${flags.bridge}"; it has ${parsed.value.candidates.map((c) => `"${c.mapping?.section}"`).join(', ')}`,
      );
  }
  if (candidates.length > 1)
    throw new UsageError(
      `${where} has ${candidates.length} bridges: ${candidates.map((c) => `"${c.mapping?.section}"`).join(', ')}; choose one with --bridge NAME`,
    );
  const c = candidates[0]!;
  if (flags.save !== undefined) {
    const name = flags.save.trim();
    if (!name || name.length > 200) throw new UsageError('--save takes a name of 1 to 200 characters');
    c.name = name;
    const saved = await save(parsed.value, c, dataDirOf(flags));
    if (flags.json) process.stdout.write(`${JSON.stringify(candidateJson(c, saved), null, 2)}\n`);
    else process.stdout.write(`${formatCandidate(c, notes)}\nSaved as "${saved.name}" (${saved.id}) in ${saved.store}.\n`);
    return;
  }
  process.stdout.write(flags.json ? `${JSON.stringify({ ...candidateJson(c), fileNotes: notes }, null, 2)}\n` : formatCandidate(c, notes));
}

/** Stores the profile through the profile service, holding the data folder's lock while it writes. */
async function save(parsed: ParsedImport, c: ImportCandidate, dataDir: string): Promise<{ id: string; name: string; store: string }> {
  const store = createJsonFileStore(dataDir);
  // Taken here first to say who holds it; the store takes it again (same process) when it loads.
  const lock = await takeFolderLock(`${store.location}.lock`);
  if (!lock.ok) {
    if ('problem' in lock) throw new ExitError(EXIT.ioError, `cannot save: the lock of ${store.location} is no lock file: ${lock.problem}`);
    const o = lock.owner;
    throw new ExitError(
      EXIT.tempFail,
      `cannot save: ${store.location} is in use by another Keyhole (process ${o.pid} on ${o.host}, since ${o.since}), the desktop app or a web host. Close it and run this again, or save to another --data-dir.`,
    );
  }
  try {
    const profiles = await openProfileService({ store });
    const status = profiles.status();
    if (status.readOnly) throw new ExitError(EXIT.tempFail, `cannot save: ${status.readOnly.reason}`);
    if (profiles.problem) throw new ExitError(EXIT.ioError, `cannot save: ${profiles.problem}`);
    if (profiles.listProfiles().some((p) => p.name === c.name))
      throw new UsageError(`a profile named "${c.name}" exists already in ${store.location}; choose another --save NAME`);
    const transfer = createTransferService({
      profiles,
      app: { name: 'Keyhole', version: process.env.KEYHOLE_VERSION ?? '0.1.0' },
      readReferencedFiles: true,
    });
    const preview = transfer.previewParsed({ ...parsed, candidates: [c] });
    const applied = await transfer.apply({ token: preview.token });
    if (!applied.ok) throw new ExitError(EXIT.ioError, `cannot save: ${applied.error.message}`);
    await profiles.flush();
    const added = applied.value.added[0]!;
    return { id: added.profileId, name: added.name, store: store.location };
  } finally {
    store.close?.();
    lock.release();
  }
}

async function toCommand(name: string, flags: { as: CommandKind; dataDir?: string }): Promise<void> {
  const store = createJsonFileStore(dataDirOf(flags), { readOnly: true });
  const profiles = await openProfileService({ store });
  const chosen = pick(profiles.listProfiles(), name, `the store ${store.location}`);
  const command = profileCommand(chosen, flags.as);
  process.stdout.write(`${command.text}\n`);
  // The line goes to stdout alone, so it can be piped into a script; what it needs goes to stderr.
  for (const f of command.files)
    console.error(`# file ${f.name}: ${f.what}${f.from.length > 1 || f.from[0] !== f.name ? ` (from ${f.from.join(', ')})` : ''}`);
  for (const e of command.env) console.error(`# set ${e.name}: ${e.what}`);
  for (const n of command.notes) console.error(`# note: ${n}`);
}
