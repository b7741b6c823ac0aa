// The TLS key log of an attempt, in the NSS key log format Wireshark reads to decrypt a capture
// (`CLIENT_RANDOM <client random> <master secret>` under TLS 1.2; under TLS 1.3
// `CLIENT_HANDSHAKE_TRAFFIC_SECRET`, `SERVER_HANDSHAKE_TRAFFIC_SECRET`, `CLIENT_TRAFFIC_SECRET_0`,
// `SERVER_TRAFFIC_SECRET_0` and `EXPORTER_SECRET`, each `<label> <client random> <secret>`).
// Node emits one line per secret on the TLS socket's 'keylog' event. The file holds what
// decrypts the session, MQTT password included: it is created 0600 and appended to.
import { closeSync, fchmodSync, fstatSync, openSync, writeSync, constants } from 'node:fs';
import { err, ok, type Result } from '../../../shared/result';

/** Where an attempt's key log lines go. */
export interface KeyLogSink {
  /** One NSS key log line, newline included. */
  write(line: Buffer): void;
  /** Where the lines go, for the report's warning (a path). */
  readonly target: string;
}

/** An open key log file; close it when the attempt is over. */
export interface KeyLogFile extends KeyLogSink {
  /** Lines written so far. */
  lines(): number;
  close(): void;
}

/**
 * Opens (or creates) `path` for appending key log lines, with mode 0600 also when the file
 * existed with a wider one. An error value names the path and the reason.
 */
export function openKeyLogFile(path: string): Result<KeyLogFile, string> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, 0o600);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : String(code ?? e);
    return err(`The TLS key log ${path} cannot be written: ${why}.`);
  }
  try {
    // openSync's mode applies only to a file it creates; an existing one is narrowed here.
    if (process.platform !== 'win32' && (fstatSync(fd).mode & 0o077) !== 0) fchmodSync(fd, 0o600);
  } catch (e) {
    closeSync(fd);
    return err(`The TLS key log ${path} cannot be made private (0600): ${(e as { code?: string }).code ?? String(e)}.`);
  }
  let count = 0;
  let open = true;
  return ok({
    target: path,
    write(line: Buffer) {
      if (!open) return;
      writeSync(fd, line);
      count++;
    },
    lines: () => count,
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  });
}
