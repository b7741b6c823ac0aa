/**
 * A profile as command lines for other tools (POSIX shell): `keyhole connect`, `mosquitto_sub`
 * and `openssl s_client`, so what worked in the app goes straight into a script. Secrets are
 * never written into a line: each is read from an environment variable (`--password-env
 * MQTT_PASSWORD`, `-P "$MQTT_PASSWORD"`, `-pass env:KEY_PASS`), and the files are named as the
 * user saves them, after the profile's own files (`ca.pem`, `device.crt`, `device.key`).
 */
import { DEFAULT_TIMEOUTS, brokerUrl, hostInUrl, wsPath, type ConnectSettings } from '../../../shared/connect/settings';
import { isWebSocket, usesTls as tlsTransport } from '../../../shared/connect/transport';
import { COMMAND_SECRET_ENV, type CommandKind, type ProfileCommand } from '../../../shared/profile/config-import';
import type { MaterialRef, Profile } from '../../../shared/profile/profile';

/** Single quotes unless the word is plainly safe (shell-quote would escape `:` and `=` too, which reads badly in a URL). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const env = (name: string) => `"$${name}"`;
const isIp = (host: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');

interface Names {
  ca: { name: string; from: string[] } | null;
  caFiles: string[];
  cert: string | null;
  key: string | null;
  pfx: string | null;
}

/** The name each file gets on disk: its own, unless two files share one. */
function fileNames(p: Profile): Names {
  const m = p.material;
  const taken = new Set<string>();
  const name = (ref: MaterialRef | null, slot: string): string | null => {
    if (!ref) return null;
    let n = (ref.fileName.split(/[\\/]/).pop() || `${slot}.pem`).replace(/^\.+/, '') || `${slot}.pem`;
    if (taken.has(n)) n = `${slot}-${n}`;
    taken.add(n);
    return n;
  };
  const caFiles = m.ca.map((r) => name(r, 'ca')!);
  const ca =
    caFiles.length === 0 ? null : caFiles.length === 1 ? { name: caFiles[0]!, from: caFiles } : { name: 'ca-bundle.pem', from: caFiles };
  return { ca, caFiles, cert: name(m.cert, 'cert'), key: name(m.key, 'key'), pfx: name(m.pfx, 'pfx') };
}

/** Words as lines of a command, joined with a trailing backslash. */
const lines = (groups: string[][]): string =>
  groups
    .filter((g) => g.length)
    .map((g) => g.join(' '))
    .join(' \\\n  ');

class Command {
  readonly files: ProfileCommand['files'] = [];
  readonly env: ProfileCommand['env'] = [];
  readonly notes: string[] = [];
  readonly before: string[] = [];

  file(name: string, what: string, from: string[] = [name]): string {
    if (!this.files.some((f) => f.name === name)) this.files.push({ name, what, from });
    return shellWord(name);
  }

  secret(field: keyof typeof COMMAND_SECRET_ENV, what: string): string {
    const name = COMMAND_SECRET_ENV[field];
    if (!this.env.some((e) => e.name === name)) this.env.push({ name, what });
    return name;
  }

  done(kind: CommandKind, main: string): ProfileCommand {
    return { kind, text: [...this.before, main].join('\n'), files: this.files, env: this.env, notes: this.notes };
  }
}

const keyEncrypted = (p: Profile) => p.material.key?.kind === 'encrypted-private-key' || p.secrets.hasPassphrase;
const usesTls = (s: ConnectSettings) => tlsTransport(s.protocol);

/** `keyhole connect URL …`: every setting the command has a flag for. */
function keyholeLine(p: Profile): ProfileCommand {
  const s = p.settings;
  const c = new Command();
  const n = fileNames(p);
  const tls: string[] = [];
  if (usesTls(s)) {
    for (const f of n.caFiles) tls.push('--ca', c.file(f, 'CA certificate'));
    if (s.useSystemCa) tls.push('--system-ca');
    if (n.cert) tls.push('--cert', c.file(n.cert, 'client certificate (chain)'));
    if (n.key) tls.push('--key', c.file(n.key, 'private key'));
    if (n.key && keyEncrypted(p)) tls.push('--passphrase-env', c.secret('passphrase', 'the passphrase of the private key'));
    if (n.pfx)
      tls.push(
        '--pfx',
        c.file(n.pfx, 'PKCS#12 bundle'),
        '--pfx-password-env',
        c.secret('pfxPassword', 'the password of the PKCS#12 bundle'),
      );
    if (s.servername) tls.push('--servername', shellWord(s.servername));
    for (const a of s.alpn ?? []) tls.push('--alpn', shellWord(a));
    if (s.tlsMin) tls.push('--tls-min', s.tlsMin.slice(4));
    if (s.tlsMax) tls.push('--tls-max', s.tlsMax.slice(4));
    if (s.verify !== 'full') tls.push('--verify', s.verify);
  }
  const mqtt: string[] = ['--mqtt', s.mqttVersion, '--client-id', shellWord(s.clientId)];
  if (s.username !== undefined) mqtt.push('-u', shellWord(s.username));
  if (p.secrets.hasPassword) mqtt.push('--password-env', c.secret('password', 'the MQTT password'));
  if (s.keepalive !== 60) mqtt.push('--keepalive', String(s.keepalive));
  if (!s.cleanStart) mqtt.push('--no-clean');
  const props = s.mqttVersion === '5' ? s.properties : undefined;
  if (props?.sessionExpiryInterval !== undefined) mqtt.push('--session-expiry', String(props.sessionExpiryInterval));
  for (const [k, v] of Object.entries(props?.userProperties ?? {}))
    for (const one of Array.isArray(v) ? v : [v]) mqtt.push('--user-property', shellWord(`${k}=${one}`));
  const rest: string[] = [];
  if (s.preset) rest.push('--preset', s.preset);
  if (usesTls(s) && s.keyLog?.file) rest.push('--keylog', shellWord(s.keyLog.file));
  if (s.accessCheckTopic) rest.push('--access-check', shellWord(s.accessCheckTopic));
  const t = Object.values(s.timeouts);
  if (t.every((x) => x === t[0]) && t[0] !== DEFAULT_TIMEOUTS.tls) rest.push('--timeout', String(t[0]));
  else if (JSON.stringify(s.timeouts) !== JSON.stringify(DEFAULT_TIMEOUTS))
    c.notes.push('The per-phase time limits differ; keyhole connect takes one --timeout for every phase, so the defaults apply.');
  if (s.will) c.notes.push('keyhole connect has no flag for the will message; it is left out.');
  const other = Object.keys(props ?? {}).filter((k) => k !== 'sessionExpiryInterval' && k !== 'userProperties');
  if (other.length) c.notes.push(`keyhole connect has no flags for the MQTT 5 properties ${other.join(', ')}; they are left out.`);
  const url = brokerUrl(s.protocol, s.host, s.port, isWebSocket(s.protocol) ? wsPath(s) : undefined);
  return c.done('keyhole', `keyhole connect ${lines([[shellWord(url)], tls, mqtt, rest])}`);
}

/** Steps that turn a PKCS#12 bundle or an encrypted key into files a tool without passphrase support reads. */
function clearKeySteps(p: Profile, c: Command, n: Names, tool: string): { cert: string | null; key: string | null } {
  if (n.pfx) {
    const stem = n.pfx.replace(/\.(p12|pfx)$/i, '');
    const pass = c.secret('pfxPassword', 'the password of the PKCS#12 bundle');
    const bundle = c.file(n.pfx, 'PKCS#12 bundle');
    c.before.push(
      `# ${tool} reads PEM files only: take the certificate and the key out of the bundle (the key into a file only you can read)`,
      `openssl pkcs12 -in ${bundle} -passin env:${pass} -nokeys -out ${shellWord(`${stem}.crt`)}`,
      `(umask 077 && openssl pkcs12 -in ${bundle} -passin env:${pass} -nocerts -nodes -out ${shellWord(`${stem}.key`)})`,
    );
    c.notes.push(`Bundles with legacy encryption (RC2) need -legacy on the openssl pkcs12 lines. Delete ${stem}.key when done.`);
    return { cert: `${stem}.crt`, key: `${stem}.key` };
  }
  if (n.key && keyEncrypted(p) && tool === 'mosquitto_sub') {
    const clear = n.key.replace(/(\.[^.]+)?$/, '.nopass$1');
    c.before.push(
      `# mosquitto_sub cannot be given a key passphrase: decrypt the key into a file only you can read`,
      `(umask 077 && openssl pkey -in ${c.file(n.key, 'private key (encrypted)')} -passin env:${c.secret('passphrase', 'the passphrase of the private key')} -out ${shellWord(clear)})`,
    );
    c.notes.push(`Delete ${clear} when done: it holds the private key without its passphrase.`);
    return { cert: n.cert, key: clear };
  }
  return { cert: n.cert, key: n.key };
}

/** `mosquitto_sub`: the MQTT connection as mosquitto's own client makes it. */
function mosquittoLine(p: Profile): ProfileCommand {
  const s = p.settings;
  const c = new Command();
  const n = fileNames(p);
  const broker = ['mosquitto_sub', '-h', shellWord(s.host), '-p', String(s.port)];
  const tls: string[] = [];
  if (usesTls(s)) {
    if (n.ca)
      tls.push(
        '--cafile',
        c.file(
          n.ca.name,
          n.ca.from.length > 1 ? `the CA files in one (cat ${n.ca.from.join(' ')} > ${n.ca.name})` : 'CA certificate',
          n.ca.from,
        ),
      );
    else tls.push('--tls-use-os-certs');
    const id = clearKeySteps(p, c, n, 'mosquitto_sub');
    if (id.cert) tls.push('--cert', n.pfx ? shellWord(id.cert) : c.file(id.cert, 'client certificate (chain)'));
    if (id.key) tls.push('--key', n.pfx || id.key !== n.key ? shellWord(id.key) : c.file(id.key, 'private key'));
    if (s.verify !== 'full') tls.push('--insecure');
    if (s.verify === 'off')
      c.notes.push("mosquitto_sub always checks the broker's certificate chain; --insecure skips only the host name check.");
    if (s.tlsMin === 'TLSv1.3') tls.push('--tls-version', 'tlsv1.3');
    if (s.tlsMax === 'TLSv1.2') c.notes.push('mosquitto_sub cannot cap the TLS version at 1.2; it offers 1.3 too.');
    if (s.alpn?.length) tls.push('--tls-alpn', shellWord(s.alpn[0]!));
    if (s.servername)
      c.notes.push(
        `mosquitto_sub sends the host (-h) as SNI and checks the certificate against it; the profile's server name ${s.servername} is not used.`,
      );
    if ([...n.caFiles, n.cert ?? '', n.key ?? ''].some((f) => /\.(der|cer)$/i.test(f)))
      c.notes.push('mosquitto_sub reads PEM files only: convert DER files first (openssl x509 -inform DER -in FILE -out FILE.pem).');
  }
  const mqtt: string[] = ['-V', s.mqttVersion === '5' ? 'mqttv5' : 'mqttv311'];
  if (s.clientId) mqtt.push('-i', shellWord(s.clientId));
  else c.notes.push('The profile has no client id; mosquitto_sub makes one up.');
  if (s.keepalive !== 60) mqtt.push('-k', String(s.keepalive));
  if (!s.cleanStart) mqtt.push('-c');
  const props = s.mqttVersion === '5' ? s.properties : undefined;
  if (props?.sessionExpiryInterval !== undefined) mqtt.push('-x', String(props.sessionExpiryInterval));
  for (const [k, v] of Object.entries(props?.userProperties ?? {}))
    for (const one of Array.isArray(v) ? v : [v]) mqtt.push('-D', 'connect', 'user-property', shellWord(k), shellWord(one));
  if (s.username !== undefined) mqtt.push('-u', shellWord(s.username));
  if (p.secrets.hasPassword) mqtt.push('-P', env(c.secret('password', 'the MQTT password')));
  if (s.will) {
    mqtt.push('--will-topic', shellWord(s.will.topic), '--will-payload', shellWord(s.will.payload), '--will-qos', String(s.will.qos));
    if (s.will.retain) mqtt.push('--will-retain');
  }
  const topic = ['-t', shellWord(s.accessCheckTopic ?? '#'), '-v'];
  if (isWebSocket(s.protocol))
    c.notes.push(
      `mosquitto_sub does not speak MQTT over WebSocket: this line connects to ${hostInUrl(s.host)}:${s.port} with MQTT over ${usesTls(s) ? 'TLS' : 'TCP'}, which a WebSocket listener refuses. Point it at the broker's mqtt${usesTls(s) ? 's' : ''}:// port, or use the keyhole connect line.`,
    );
  return c.done('mosquitto_sub', lines([broker, tls, mqtt, topic]));
}

/** `openssl s_client`: the TLS handshake alone, with the same trust, identity, SNI, ALPN and versions. */
function opensslLine(p: Profile): ProfileCommand {
  const s = p.settings;
  const c = new Command();
  const n = fileNames(p);
  const main = ['openssl', 's_client', '-connect', shellWord(`${hostInUrl(s.host)}:${s.port}`)];
  if (s.servername) main.push('-servername', shellWord(s.servername));
  const trust: string[] = [];
  if (n.ca)
    trust.push(
      '-CAfile',
      c.file(
        n.ca.name,
        n.ca.from.length > 1 ? `the CA files in one (cat ${n.ca.from.join(' ')} > ${n.ca.name})` : 'CA certificate',
        n.ca.from,
      ),
    );
  const identity: string[] = [];
  const id = clearKeySteps(p, c, n, 'openssl s_client');
  if (id.cert) identity.push('-cert', n.pfx ? shellWord(id.cert) : c.file(id.cert, 'client certificate (chain)'));
  if (id.key) identity.push('-key', n.pfx ? shellWord(id.key) : c.file(id.key, 'private key'));
  if (n.key && !n.pfx && keyEncrypted(p)) identity.push('-pass', `env:${c.secret('passphrase', 'the passphrase of the private key')}`);
  const tls: string[] = [];
  if (s.alpn?.length) tls.push('-alpn', shellWord(s.alpn.join(',')));
  if (s.tlsMin) tls.push('-min_protocol', s.tlsMin);
  if (s.tlsMax) tls.push('-max_protocol', s.tlsMax);
  const name = s.servername ?? s.host;
  if (s.verify !== 'off') tls.push('-verify_return_error');
  if (s.verify === 'full') tls.push(isIp(name) ? '-verify_ip' : '-verify_hostname', shellWord(name));
  if (s.verify === 'off')
    c.notes.push(
      "Without -verify_return_error, s_client reports a failed verification of the broker's certificate and carries on, as the profile does.",
    );
  tls.push('-brief');
  c.notes.push(
    `openssl s_client tests the TLS handshake only: no ${isWebSocket(s.protocol) ? 'WebSocket upgrade or ' : ''}MQTT CONNECT is sent (client id, username and password are not used).`,
  );
  if (usesTls(s)) return c.done('openssl', lines([main, trust, identity, tls]));
  c.notes.push(`This profile does not use TLS (${s.protocol}://): s_client would fail the handshake.`);
  return c.done('openssl', lines([main, trust, identity, tls]));
}

/** The profile as a command line for `kind`. */
export function profileCommand(profile: Profile, kind: CommandKind): ProfileCommand {
  switch (kind) {
    case 'keyhole':
      return keyholeLine(profile);
    case 'mosquitto_sub':
      return mosquittoLine(profile);
    case 'openssl':
      return opensslLine(profile);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The profile as each kind of command line. */
export const profileCommands = (profile: Profile): ProfileCommand[] =>
  (['keyhole', 'mosquitto_sub', 'openssl'] as const).map((k) => profileCommand(profile, k));
