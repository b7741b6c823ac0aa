/**
 * Profiles made from what users already have (a broker's bridge configuration, a command line)
 * and the command lines made from a profile: what was mapped, what was left out and why, and
 * the lines with the files and environment variables they expect.
 */
import { z } from 'zod';

/** Where a profile was read from. */
export const ConfigFormat = z.enum([
  /** NanoMQ's `nanomq.conf` (HOCON): `bridges.mqtt.<name> { server, ssl { … } }`, also the 0.14 `nodes = [ … ]` form. */
  'nanomq',
  /** NanoMQ's older flat `bridge.mqtt.<name>.*` lines (`nanomq_bridge.conf`), and EMQX 4's `bridge.mqtt.<name>.*`. */
  'nanomq-flat',
  /** A `connection` section of `mosquitto.conf`. */
  'mosquitto-bridge',
  /** An EMQX 5 connector or bridge (HOCON, or the JSON its API returns), or its `ssl` options. */
  'emqx',
  'mosquitto-cli',
  'mqttx-cli',
  'openssl-s-client',
  'keyhole-cli',
]);
export type ConfigFormat = z.infer<typeof ConfigFormat>;

/** How each format is named to the user. */
export const CONFIG_FORMAT_LABELS: Record<ConfigFormat, string> = {
  nanomq: 'NanoMQ bridge (HOCON)',
  'nanomq-flat': 'bridge configuration (flat bridge.mqtt.* lines)',
  'mosquitto-bridge': 'mosquitto bridge',
  emqx: 'EMQX connector',
  'mosquitto-cli': 'mosquitto_pub / mosquitto_sub command',
  'mqttx-cli': 'MQTTX CLI command',
  'openssl-s-client': 'openssl s_client command',
  'keyhole-cli': 'keyhole connect command',
};

/** One option of the source that became part of the profile. */
export const MappedField = z.object({
  /** The option as the source names it (`ssl.keyfile`, `--cafile`, `bridge_insecure`). */
  source: z.string(),
  /** Its line in the source (1-based), where known. */
  line: z.number().int().min(1).optional(),
  /** What it became, in plain words; a secret is named, never shown. */
  target: z.string(),
});
export type MappedField = z.infer<typeof MappedField>;

/** One option of the source that the profile does not use, and why. */
export const IgnoredField = z.object({
  source: z.string(),
  line: z.number().int().min(1).optional(),
  reason: z.string(),
});
export type IgnoredField = z.infer<typeof IgnoredField>;

/** The report of one profile read from a configuration or a command line. */
export const ConfigMapping = z.object({
  format: ConfigFormat,
  /** The bridge or connection it came from (`emqx1`), or null for a command line. */
  section: z.string().nullable(),
  mapped: z.array(MappedField),
  ignored: z.array(IgnoredField),
});
export type ConfigMapping = z.infer<typeof ConfigMapping>;

/** The tools a profile can be written out for. */
export const CommandKind = z.enum(['keyhole', 'mosquitto_sub', 'openssl']);
export type CommandKind = z.infer<typeof CommandKind>;

/** A profile as a command line for another tool (POSIX shell), and what it needs around it. */
export const ProfileCommand = z.object({
  kind: CommandKind,
  /** The line(s) to paste into a shell; secrets are read from environment variables, never written here. */
  text: z.string(),
  /** The files the line reads, by the name it uses, and which of the profile's files go into each. */
  files: z.array(z.object({ name: z.string(), what: z.string(), from: z.array(z.string()) })),
  /** The environment variables the line reads, and what to put in each. */
  env: z.array(z.object({ name: z.string(), what: z.string() })),
  /** What the line does differently from Keyhole, in plain words. */
  notes: z.array(z.string()),
});
export type ProfileCommand = z.infer<typeof ProfileCommand>;

/** The environment variable each secret is read from in a command line made from a profile. */
export const COMMAND_SECRET_ENV = { password: 'MQTT_PASSWORD', passphrase: 'KEY_PASS', pfxPassword: 'PFX_PASSWORD' } as const;
