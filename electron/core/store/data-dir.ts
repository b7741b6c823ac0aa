/** Where the CLI and the web host keep their data when no `--data-dir` is given. */
import { homedir } from 'node:os';
import { join, posix, win32 } from 'node:path';

/**
 * The platform's usual per-user configuration folder for Keyhole: `$XDG_CONFIG_HOME/keyhole`
 * (or `~/.config/keyhole`) on Linux and other Unixes, `~/Library/Application Support/Keyhole`
 * on macOS, `%APPDATA%\Keyhole` on Windows. The desktop app keeps its profiles here too, so the
 * CLI and the web host find them.
 */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), 'Keyhole');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'Keyhole');
  // XDG Base Directory spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.config'), 'keyhole');
}
