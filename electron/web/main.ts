// `node out/web/host.mjs [--port N] [--data-dir D] [--renderer-dir R] [--lab-port N] [--help]`: starts the web host and
// prints the one address (with its token) a browser on this machine may open. Profiles live in
// the data folder (default: the platform's config folder, shared with the CLI), their secrets
// sealed with the key file `secret.key` next to them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../core/store/data-dir';
import { startWebHost } from './host';

const here = dirname(fileURLToPath(import.meta.url));

/** The full usage text, for `--help` (on stdout) and after a usage error (on stderr). */
function helpText(): string {
  return [
    'usage: node out/web/host.mjs [--port N] [--data-dir DIR] [--renderer-dir DIR] [--lab-port N]',
    '',
    "Serves Keyhole's interface to a browser on this machine: it binds 127.0.0.1 only, prints the one",
    'address (with its random token) to open, and talks to the same core as the desktop app and the CLI.',
    '',
    'options:',
    '  --port N           port to listen on (default 0: any free port)',
    `  --data-dir DIR     profiles, secrets and reports (default ${defaultDataDir()})`,
    '  --renderer-dir DIR the built interface to serve (default: out/renderer next to this file)',
    "  --lab-port N       the lab broker's port unless its settings name one (default 8883; 0 for any free port)",
    '  -h, --help         print this text and exit',
  ].join('\n');
}

function usage(problem: string): never {
  console.error(`keyhole web host: ${problem}`);
  console.error(helpText());
  process.exit(2);
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string; 'renderer-dir'?: string; 'lab-port'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
        'lab-port': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    console.log(helpText());
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port must be a port number (0–65535), not ${values.port}`);
  const labPort = values['lab-port'] === undefined ? undefined : Number(values['lab-port']);
  if (labPort !== undefined && (!Number.isInteger(labPort) || labPort < 0 || labPort > 65535)) {
    usage(`--lab-port must be a port number (0–65535), not ${values['lab-port']}`);
  }

  let host: Awaited<ReturnType<typeof startWebHost>>;
  try {
    host = await startWebHost({
      port,
      dataDir: resolve(values['data-dir'] ?? defaultDataDir()),
      rendererDir: resolve(values['renderer-dir'] ?? join(here, '../renderer')),
      version: version(),
      ...(labPort !== undefined ? { labPort } : {}),
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `keyhole web host: port ${port} is in use; choose another with --port.`
        : `keyhole web host: could not start: ${e instanceof Error ? e.message : String(e)}`,
    );
    process.exit(1);
  }
  console.log(`Keyhole web host: ${host.url}`);
  const store = host.core.profiles.status();
  console.error(
    `keyhole web host: profiles in ${store.location}${store.secretBackend.detail ? `, secrets sealed with ${store.secretBackend.detail}` : ''}`,
  );
  if (store.secretBackend.warning) console.error(`keyhole web host: warning: ${store.secretBackend.warning}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C means now.
      process.exit(130);
    }
    stopping = true;
    console.error(`keyhole web host: ${signal}, closing connections…`);
    host.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
