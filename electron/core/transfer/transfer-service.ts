/**
 * Export and import for every front: builds exports from the profile service, reads import
 * files into a preview (what will be added, what collides with which existing profile), keeps
 * the parsed file behind a short-lived token, and applies the user's per-profile choices in
 * one change of the store. An import never removes a profile the user did not choose to replace.
 */
import { brokerUrl } from '../../../shared/connect/settings';
import { randomBytes, randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname } from 'node:path';
import type { ApiError } from '../../../shared/ipc/contract';
import type { MaterialSlot, Profile } from '../../../shared/profile/profile';
import { MAX_FILE_BYTES } from '../../../shared/ipc/contract';
import { readBoundedFile } from '../certs/bounded-read';
import type { ExportResult, ImportChoice, ImportItem, ImportPreview, ImportResult } from '../../../shared/profile/transfer';
import { err, ok, type Result } from '../../../shared/result';
import { inspectMaterial } from '../certs/material-file';
import { importName, type ImportEntry } from '../profiles/import-apply';
import type { ProfileService } from '../profiles/profile-service';
import type { ResolvedProfile } from '../profiles/resolved-profile';
import { parseConfigText } from './config-import';
import type { SourceReadOptions } from './profile-builder';
import { buildExport } from './export';
import type { ImportCandidate, ImportFailure, ParsedImport } from './import-candidate';
import { parseImportText } from './import-file';
import { readFailure, type ReadReferencedFile } from './mqttx';

/** How long a preview can be applied. */
const PREVIEW_TTL_MS = 15 * 60_000;
/** Previews kept at once (each holds a parsed file, secrets included); the oldest go first. */
const MAX_PREVIEWS = 8;

export interface TransferServiceOptions {
  profiles: ProfileService;
  app: { name: string; version: string };
  /**
   * Whether files named inside an import (MQTT X certificate paths) are read. False where the
   * host must not read paths a page can name (the web host).
   */
  readReferencedFiles: boolean;
  now?: () => Date;
  /** Test hook: a lower scrypt cost for exports. */
  scrypt?: { N: number; r: number; p: number };
}

export interface ExportRequest {
  /** Absent: every profile, in sidebar order. */
  profileIds?: string[];
  withSecrets: boolean;
  passphrase?: string;
}

export interface PreviewRequest {
  text: string;
  fileName?: string;
  passphrase?: string;
  skipSecrets?: boolean;
}

export interface ConfigPreviewRequest {
  /** A bridge configuration or a command line. */
  text: string;
  fileName?: string;
  /** Where the configuration file is (desktop drag-and-drop): its folder is where relative paths in it point. */
  path?: string;
  /** Only this bridge of a configuration with several. */
  bridge?: string;
}

export interface AttachRequest {
  token: string;
  /** The item. */
  key: string;
  /** Which of the item's files (its place in `files`) this file stands for. */
  index: number;
  /** Reads the file the user gives for that slot (sent bytes, or a native dialog). */
  load: (slot: MaterialSlot) => Promise<Result<{ fileName: string; bytes: Buffer }, ApiError>>;
}

export interface ApplyRequest {
  token: string;
  /** Per item: what to do, and optionally the name it gets. */
  choices?: { key: string; choice: ImportChoice; name?: string }[];
}

export interface TransferService {
  exportProfiles(request: ExportRequest): Promise<Result<ExportResult, ApiError>>;
  preview(request: PreviewRequest): Promise<Result<ImportPreview, ApiError>>;
  /** Reads a bridge configuration or a command line into a preview, like an import file. */
  previewConfig(request: ConfigPreviewRequest): Promise<Result<ImportPreview, ApiError>>;
  /** A preview of what is already parsed (the CLI reads a configuration itself). */
  previewParsed(parsed: ParsedImport): ImportPreview;
  /** Puts a file the user chose in place of one a preview's item names but could not read. */
  attachFile(request: AttachRequest): Promise<Result<ImportPreview, ApiError>>;
  apply(request: ApplyRequest): Promise<Result<ImportResult, ApiError>>;
}

/** Reads a certificate or key a path names, with the same size limit as any imported file. */
export const readReferencedFile: ReadReferencedFile = async (path) => {
  const read = await readBoundedFile(path, MAX_FILE_BYTES);
  if (read.ok) return ok({ fileName: basename(path), bytes: read.value });
  // A missing file or a refusal gets the import's own wording; anything else (a FIFO, a device, a
  // size, a symlink loop) gets the reader's sentence rather than a bare errno such as ELOOP.
  const errno = read.error.errno;
  return err(errno === 'ENOENT' || errno === 'EACCES' ? readFailure(errno) : read.error.message);
};

export const importFailureError = (f: ImportFailure): ApiError => ({
  code: f.kind,
  message: f.message,
  ...(f.kind === 'invalid-file' && f.at ? { issues: [{ path: `line ${f.at.line}, column ${f.at.column}`, message: f.message }] } : {}),
});

/** The preview's view of each candidate: where it goes and what it collides with among `existing`. */
function previewItems(parsed: ParsedImport, existing: Profile[]): ImportItem[] {
  const taken = new Set(existing.map((p) => p.name));
  return parsed.candidates.map((c) => {
    const byId = c.sourceId === null ? undefined : existing.find((p) => p.id === c.sourceId);
    const byName = existing.find((p) => p.name === c.name);
    const conflict = byId
      ? { by: byName?.id === byId.id ? ('id-and-name' as const) : ('id' as const), profileId: byId.id, profileName: byId.name }
      : byName
        ? { by: 'name' as const, profileId: byName.id, profileName: byName.name }
        : null;
    const keepBothName = importName(taken, c.name);
    taken.add(keepBothName);
    const notes = [...c.importNotes];
    if (byId && byName && byName.id !== byId.id)
      notes.push(`Another existing profile is also named "${c.name}"; replacing keeps that one.`);
    return {
      key: c.key,
      name: c.name,
      target: brokerUrl(c.settings.protocol, c.settings.host, c.settings.port, c.settings.path),
      groupName: c.groupName,
      conflict,
      keepBothName,
      defaultChoice: 'keep-both' as const,
      secrets: { included: c.includedSecrets, missing: c.missingSecrets },
      files: c.fileStatus,
      notes,
      ...(c.mapping ? { settings: c.settings, mapping: c.mapping } : {}),
    };
  });
}

/** Puts a file in place of the one a candidate names at `index` (its status becomes included). */
function attach(c: ImportCandidate, index: number, file: { fileName: string; bytes: Buffer }): void {
  const named = c.fileStatus[index]!;
  if (named.slot !== 'ca') c.files = c.files.filter((f) => f.slot !== named.slot);
  else if (named.status === 'included') c.files = c.files.filter((f) => !(f.slot === 'ca' && f.fileName === named.fileName));
  c.files.push({ slot: named.slot, fileName: file.fileName, bytes: file.bytes });
  c.fileStatus[index] = { slot: named.slot, fileName: file.fileName, status: 'included' };
  if (c.missingFiles) c.missingFiles = c.missingFiles.filter((m) => m.slot !== named.slot);
  const kind = named.slot === 'key' ? 'private-key' : named.slot === 'pfx' ? 'pkcs12' : null;
  if (kind) {
    c.missingSecrets = c.missingSecrets.filter((k) => k !== kind);
    if (!c.includedSecrets.includes(kind)) c.includedSecrets.push(kind);
  }
}

/** Where files a configuration names are read from on this host, or why they are not. */
function configReadOptions(readFiles: boolean, path: string | undefined): SourceReadOptions {
  return readFiles
    ? { readFile: readReferencedFile, homeDir: homedir(), ...(path !== undefined ? { baseDir: dirname(path) } : {}) }
    : { noReadReason: 'this host does not read files a configuration names (the web host reads only files you send it)' };
}

export function createTransferService(options: TransferServiceOptions): TransferService {
  const { profiles } = options;
  const now = options.now ?? (() => new Date());
  const previews = new Map<string, { parsed: ParsedImport; items: ImportItem[]; expires: number }>();

  const sweep = () => {
    const t = now().getTime();
    for (const [token, p] of previews) if (p.expires <= t) previews.delete(token);
    while (previews.size >= MAX_PREVIEWS) previews.delete(previews.keys().next().value!);
  };

  const itemsOf = (parsed: ParsedImport) => previewItems(parsed, profiles.listProfiles());

  const store = (parsed: ParsedImport, token = randomBytes(18).toString('base64url')): ImportPreview => {
    sweep();
    const items = itemsOf(parsed);
    const expires = now().getTime() + PREVIEW_TTL_MS;
    previews.set(token, { parsed, items, expires });
    const { source, encrypted, secretsSkipped, exportedAt, notes } = parsed;
    return { token, expiresAt: new Date(expires).toISOString(), source, encrypted, secretsSkipped, exportedAt, items, notes };
  };

  /** A candidate as the profile service stores it: files inspected (with the secrets that open them) under fresh ids. */
  const entryOf = (c: ImportCandidate, choice: ImportChoice, replaceId: string | null): ImportEntry => {
    const at = now();
    return {
      key: c.key,
      choice,
      replaceId,
      name: c.name,
      groupName: c.groupName,
      settings: c.settings,
      files: c.files.map((f) => ({
        ref: inspectMaterial(
          f.slot,
          f.fileName,
          f.bytes,
          at,
          randomUUID(),
          f.slot === 'key' ? c.secrets.passphrase : f.slot === 'pfx' ? (c.secrets.pfxPassword ?? c.secrets.passphrase) : undefined,
        ),
        base64: f.bytes.toString('base64'),
      })),
      secrets: c.secrets,
      missingFiles: (c.missingFiles ?? []).filter((m) => !c.files.some((f) => f.slot === m.slot)),
      ...(c.expect ? { expect: c.expect } : {}),
      ...(c.notes !== undefined ? { notes: c.notes } : {}),
    };
  };

  return {
    async exportProfiles(request) {
      if (request.withSecrets && (request.passphrase ?? '') === '') {
        return err({ code: 'invalid-request', message: 'An export with secrets needs a passphrase to seal them.' });
      }
      const ids = request.profileIds ?? profiles.listProfiles().map((p) => p.id);
      if (ids.length === 0) return err({ code: 'not-found', message: 'There are no profiles to export.' });
      const resolved: ResolvedProfile[] = [];
      for (const id of [...new Set(ids)]) {
        const r = profiles.resolve(id, { allowLocked: true });
        if (!r.ok) return r;
        resolved.push(r.value);
      }
      return ok(
        await buildExport({
          groups: profiles.listGroups(),
          profiles: resolved,
          passphrase: request.withSecrets ? request.passphrase! : null,
          now: now(),
          app: options.app,
          ...(options.scrypt ? { scrypt: options.scrypt } : {}),
        }),
      );
    },

    async preview(request) {
      const parsed = await parseImportText(request.text, {
        ...(request.passphrase !== undefined ? { passphrase: request.passphrase } : {}),
        ...(request.skipSecrets ? { skipSecrets: true } : {}),
        ...(options.readReferencedFiles
          ? { readFile: readReferencedFile }
          : {
              noReadReason:
                'this host does not read files named inside an import (the web host reads only files you send it); add it in the profile editor',
            }),
      });
      if (!parsed.ok) return err(importFailureError(parsed.error));
      return ok(store(parsed.value));
    },

    async previewConfig(request) {
      const parsed = await parseConfigText(request.text, {
        ...(request.bridge !== undefined ? { bridge: request.bridge } : {}),
        ...configReadOptions(options.readReferencedFiles, request.path),
      });
      if (!parsed.ok) return err(importFailureError(parsed.error));
      return ok(store(parsed.value));
    },

    previewParsed: (parsed) => store(parsed),

    async attachFile(request) {
      sweep();
      const preview = previews.get(request.token);
      if (!preview) return err({ code: 'not-found', message: 'This preview has expired or was already applied; read the text again.' });
      const c = preview.parsed.candidates.find((x) => x.key === request.key);
      const named = c?.fileStatus[request.index];
      if (!c || !named)
        return err({ code: 'invalid-request', message: `The preview has no file ${request.index} in item ${request.key}.` });
      const loaded = await request.load(named.slot);
      if (!loaded.ok) return loaded;
      attach(c, request.index, loaded.value);
      return ok(store(preview.parsed, request.token));
    },

    async apply(request) {
      sweep();
      const preview = previews.get(request.token);
      if (!preview)
        return err({ code: 'not-found', message: 'This import preview has expired or was already applied; open the file again.' });
      const choices = new Map((request.choices ?? []).map((c) => [c.key, c.choice]));
      const names = new Map((request.choices ?? []).flatMap((c) => (c.name?.trim() ? [[c.key, c.name.trim()] as const] : [])));
      for (const key of choices.keys()) {
        if (!preview.items.some((i) => i.key === key)) return err({ code: 'invalid-request', message: `The preview has no item ${key}.` });
      }
      const entries = preview.parsed.candidates.map((c) => {
        const item = preview.items.find((i) => i.key === c.key)!;
        const choice = choices.get(c.key) ?? item.defaultChoice;
        // Replace needs something to replace; without a conflict it means adding.
        const replaceId = choice === 'replace' ? (item.conflict?.profileId ?? null) : null;
        const named = names.has(c.key) ? { ...c, name: names.get(c.key)! } : c;
        return entryOf(named, choice === 'replace' && replaceId === null ? 'keep-both' : choice, replaceId);
      });
      const applied = await profiles.applyImport(entries);
      if (applied.ok) previews.delete(request.token);
      return applied;
    },
  };
}
