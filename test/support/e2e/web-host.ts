// The web host as a child process: `node out/web/host.mjs` on a free port with its own data
// directory, the way a user starts it. Stopped by pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface RunningHost {
  /** The address with its access token, as printed by the host. */
  url: string;
  pid: number;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface WebHostOptions {
  /**
   * An existing data directory (a restart, a damaged store): the caller owns it and it is kept
   * when the host stops. Without it the host gets a fresh one, removed when it stops.
   */
  dataDir?: string;
  timeoutMs?: number;
  /** The lab broker's port when its settings name none (`--lab-port`; 0: any free port, as tests need). */
  labPort?: number;
  /** The repository the host is run from (a bundled script cannot find it by its own path). */
  root?: string;
}

/** Starts a host; resolves once it printed its address. */
export async function startWebHost(options: WebHostOptions = {}): Promise<RunningHost> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'keyhole-e2e-data-')));
  const labArgs = options.labPort === undefined ? [] : ['--lab-port', String(options.labPort)];
  const root = options.root ?? ROOT;
  const child = spawn(process.execPath, [join(root, 'out/web/host.mjs'), '--port', '0', '--data-dir', dataDir, ...labArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host printed no address within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Keyhole web host: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited (${code}) before printing its address:\n${out}`));
    });
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
        if (!done) {
          process.kill(pid, 'SIGKILL');
          await exited;
        }
      }
      running.delete(child);
      if (owned) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
