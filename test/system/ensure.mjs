#!/usr/bin/env node
// Checks that the system commands the tests run for real are present (DESIGN §8: real
// mosquitto, openssl, Redis and Chromium, never stand-ins), and installs the missing Debian
// packages when this user may. Present everything: a quick no-op.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Command → the Debian package that ships it. `path` pins a command to one exact place. */
const NEEDED = [
  { command: 'mosquitto', pkg: 'mosquitto' },
  { command: 'mosquitto_passwd', pkg: 'mosquitto' },
  { command: 'mosquitto_sub', pkg: 'mosquitto-clients' },
  { command: 'mosquitto_pub', pkg: 'mosquitto-clients' },
  { command: 'openssl', pkg: 'openssl' },
  { command: 'redis-server', pkg: 'redis-server' },
  // A listener that never accepts (a full accept queue drops SYNs): the tcp-timeout test.
  { command: 'python3', pkg: 'python3' },
  // playwright-core drives this exact binary (executablePath), so PATH is not enough.
  { command: 'chromium', pkg: 'chromium', path: '/usr/bin/chromium' },
  // Chinese glyphs for the 简体中文 interface in Chromium (without them its screenshots show boxes).
  { font: 'zh', pkg: 'fonts-noto-cjk' },
];

// mosquitto lives in /usr/sbin, which an unprivileged user's PATH often lacks.
const SEARCH = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/local/sbin', '/usr/sbin', '/sbin'];

const isExecutable = (file) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** fontconfig knows a font covering this language (`fc-list :lang=zh`). */
const hasFont = (lang) => {
  const r = spawnSync('fc-list', [`:lang=${lang}`, 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
};

const present = ({ command, path, font }) =>
  font ? hasFont(font) : path ? isExecutable(path) : SEARCH.some((dir) => isExecutable(join(dir, command)));
const nameOf = (n) => n.command ?? `a font for ${n.font}`;

const missing = () => NEEDED.filter((n) => !present(n));

const canInstall = () => {
  if (process.getuid?.() === 0) return { ok: true, prefix: [] };
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
  return sudo.status === 0 ? { ok: true, prefix: ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] } : { ok: false };
};

const run = (argv) => {
  console.log(`ensure: $ ${argv.join(' ')}`);
  // Streamed: apt can take minutes, and its output is the only explanation when it fails.
  const r = spawnSync(argv[0], argv.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.error) throw r.error;
  return r.status ?? 1;
};

const lacking = missing();
if (lacking.length === 0) process.exit(0);

const packages = [...new Set(lacking.map((n) => n.pkg))];
console.log(`ensure: missing ${lacking.map(nameOf).join(', ')} (packages: ${packages.join(' ')})`);
const installLine = `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(' ')}`;

const who = canInstall();
if (!who.ok) {
  console.error(`ensure: cannot install as this user. Run:\n  ${installLine}`);
  process.exit(1);
}

if (run([...who.prefix, 'apt-get', 'update']) !== 0) {
  console.error(`ensure: apt-get update failed. Run:\n  ${installLine}`);
  process.exit(1);
}
// The mosquitto package may start a system broker on port 1883; the tests only ever use
// brokers they start themselves on free ports, so that service is left alone.
if (run([...who.prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...packages]) !== 0) {
  console.error(`ensure: apt-get install failed. Run:\n  ${installLine}`);
  process.exit(1);
}

const still = missing();
if (still.length > 0) {
  console.error(`ensure: still missing after install: ${still.map(nameOf).join(', ')}`);
  process.exit(1);
}
console.log('ensure: system packages ready');
