// A real redis-server for integration tests: no persistence, loopback only, a free port,
// stopped by pid.
import { spawn } from 'node:child_process';
import { freePort, LOOPBACK, waitForPort } from './ports';

export interface RedisServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Starts redis-server on a free 127.0.0.1 port and resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = `exit ${code ?? signal}`));
  child.once('error', (e) => (exit = e.message));
  await waitForPort(port, { deadlineMs: 10_000, abandon: () => (exit ? `redis-server did not start (${exit})` : null) });
  const pid = child.pid;
  if (pid === undefined) throw new Error('redis-server has no pid');
  return {
    port,
    pid,
    async stop() {
      if (exit === null) {
        process.kill(pid, 'SIGTERM');
        await exited;
      }
    },
  };
}
