/**
 * The contract implemented once, for every host: one function per channel (validate → call
 * core → return a Result). Electron main registers these behind `ipcMain.handle`, the web host
 * behind its WebSocket; neither adds logic of its own.
 */
import type { z } from 'zod';
import {
  contract,
  type ApiError,
  type ApiResult,
  type AppInfo,
  type Channel,
  type FileSource,
  type ParsedRequestOf,
  type ResultOf,
} from '../../../shared/ipc/contract';
import type { MaterialSlot } from '../../../shared/profile/profile';
import { err, ok } from '../../../shared/result';
import { writeFileAtomic } from '../store/atomic-file';
import { profileCommands } from '../transfer/to-command';
import { createTransferService, type TransferService } from '../transfer/transfer-service';
import type { ConnectionManager } from './connection-manager';
import { decodeImportBytes, inspectMaterial, readImportFile } from '../certs/material-file';
import type { ProfileService } from '../profiles/profile-service';
import type { BatchProgress } from '../../../shared/certs/batch';
import { createWorkbenchService, type WorkbenchService } from '../workbench/workbench-service';
import type { LabService } from '../lab/lab-service';
import { labHandlers } from './lab-handlers';
import { workbenchHandlers } from './workbench-handlers';
import type { MatrixService } from '../matrix/matrix-service';
import { matrixHandlers } from './matrix-handlers';
import { publishHandlers } from './publish-handlers';
import type { PublishService } from './publish-service';

export interface ApiDeps {
  profiles: ProfileService;
  connections: ConnectionManager;
  /** What `app:info` answers (the host knows its name, version and kind). */
  info: () => AppInfo;
  /** Shows a native open dialog; the chosen path, or null when the user cancelled. Desktop only. */
  pickFile?: (slot: MaterialSlot) => Promise<string | null>;
  /** Whether `files:import` may read a path: true only where the path comes from the OS (drag-and-drop). */
  allowPathImport: boolean;
  /** Export and import; defaults to one over `profiles` that reads paths named in imports only where `allowPathImport`. */
  transfer?: TransferService;
  /** Shows a native save dialog for an export (of the given kind; profiles by default); the chosen path, or null when the user cancelled. Desktop only. */
  pickSavePath?: (suggestedName: string, kind?: { title: string; name: string; extension: string }) => Promise<string | null>;
  /** Shows a native dialog to choose a folder to read (a batch folder); null when cancelled. Desktop only. */
  pickOpenFolder?: (title: string) => Promise<string | null>;
  /** The credential matrix behind the `matrix:*` channels; without it they answer `unsupported`. */
  matrices?: MatrixService;
  /** The certificate workbench; defaults to one over `profiles`. */
  workbench?: WorkbenchService;
  /** Shows a native folder dialog for workbench files; the chosen folder, or null when cancelled. Desktop only. */
  pickFolder?: (suggestedName: string) => Promise<string | null>;
  /** Shows a native save dialog for a TLS key log; the chosen path, or null when cancelled. Desktop only. */
  pickKeyLogPath?: (suggestedName: string) => Promise<string | null>;
  /** The lab broker behind the `lab:*` channels; without it they answer `unsupported`. */
  lab?: LabService;
  /** Publish history and timed publishing; without it publishes are not kept and `publishes:repeat` is `unsupported`. */
  publishes?: PublishService;
  /** Hears each step of a workbench batch (the host sends it as `certs:batchProgress`). */
  onBatchProgress?: (caId: string, progress: BatchProgress) => void;
  now?: () => Date;
  /** Where bugs are reported (never with request payloads, which may hold secrets). */
  logError?: (message: string, error: unknown) => void;
}

/** One handler per channel, taking the already validated request. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>> };

export interface Api {
  handlers: Handlers;
  /** The workbench behind the `certs:*` channels (the web host serves its outputs as downloads). */
  workbench: WorkbenchService;
  /** Runs a validated request and checks the response against the contract (a mismatch is a bug, reported as `internal`). */
  call<C extends Channel>(channel: C, request: ParsedRequestOf<C>): Promise<ResultOf<C>>;
  /** Validates and runs an untrusted request: the whole path of a WebSocket frame. */
  dispatch(channel: string, payload: unknown): Promise<ApiResult<unknown>>;
}

type TransferChannel = Extract<Channel, `transfer:${string}`>;

const isChannel = (channel: string): channel is Channel => Object.prototype.hasOwnProperty.call(contract, channel);

/** The `invalid-request` error for a request that failed its schema, with where it failed. */
export function invalidRequest(channel: string, error: z.ZodError): ApiError {
  return {
    code: 'invalid-request',
    message: `The request for ${channel} does not match its schema.`,
    issues: error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  };
}

/** How a file the user gives for a slot is read: sent bytes, a path (only where paths come from the OS), or a native dialog. */
function fileLoader(deps: ApiDeps, file: FileSource | undefined) {
  return async (slot: MaterialSlot) => {
    if (file === undefined) {
      if (!deps.pickFile) return err({ code: 'unsupported' as const, message: 'This host has no file dialog; send the file instead.' });
      const path = await deps.pickFile(slot);
      return path === null ? err({ code: 'cancelled' as const, message: 'No file was chosen.' }) : readImportFile(path);
    }
    if (file.source === 'path') {
      if (!deps.allowPathImport)
        return err({ code: 'unsupported' as const, message: 'This host does not read paths; send the file bytes instead.' });
      return readImportFile(file.path);
    }
    return decodeImportBytes(file.fileName, file.base64);
  };
}

/** The import and export channels. */
function transferHandlers(deps: ApiDeps, transfer: TransferService): Pick<Handlers, TransferChannel> {
  const { connections } = deps;
  return {
    'transfer:export': (request) => transfer.exportProfiles(request),
    'transfer:save': async (request) => {
      if (!deps.pickSavePath)
        return err({ code: 'unsupported', message: 'This host has no save dialog; use transfer:export and download the file.' });
      const made = await transfer.exportProfiles(request);
      if (!made.ok) return made;
      const path = await deps.pickSavePath(made.value.fileName);
      if (path === null) return err({ code: 'cancelled', message: 'The export was not saved.' });
      try {
        // Private by default: an export with secrets is only as safe as its passphrase.
        await writeFileAtomic(path, made.value.json, 0o600);
      } catch (e) {
        return err({
          code: 'file-unreadable',
          message: `The export could not be written to ${path}: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
      return ok({ path, fileName: made.value.fileName, profiles: made.value.profiles, missingSecrets: made.value.missingSecrets });
    },
    'transfer:preview': (request) => transfer.preview(request),
    'transfer:fromConfig': ({ path, ...request }) =>
      // A path only tells where relative paths point, and only where paths come from the OS.
      transfer.previewConfig({ ...request, ...(path !== undefined && deps.allowPathImport ? { path } : {}) }),
    'transfer:attachFile': ({ file, ...request }) => transfer.attachFile({ ...request, load: fileLoader(deps, file) }),
    'transfer:apply': async (request) => {
      const applied = await transfer.apply(request);
      // A replaced profile is another identity now: its open connection must not stay on the old one.
      if (applied.ok) for (const r of applied.value.replaced) await connections.forget(r.profileId);
      return applied;
    },
  };
}

/** Builds the handlers over the core services. */
export function createApi(deps: ApiDeps): Api {
  const now = deps.now ?? (() => new Date());
  const logError = deps.logError ?? ((message, error) => console.error(message, error));
  const { profiles, connections } = deps;
  const transfer =
    deps.transfer ??
    createTransferService({
      profiles,
      // Read when an export is made: the host's info may not be ready while handlers are built.
      app: {
        name: 'Keyhole',
        get version() {
          return deps.info().version;
        },
      },
      readReferencedFiles: deps.allowPathImport,
      ...(deps.now ? { now: deps.now } : {}),
    });

  const workbench = deps.workbench ?? createWorkbenchService({ profiles, now });

  const stage = (slot: MaterialSlot, file: { fileName: string; bytes: Buffer }) => {
    const ref = inspectMaterial(slot, file.fileName, file.bytes, now());
    profiles.stageFile(ref, file.bytes);
    return ok(ref);
  };

  const handlers: Handlers = {
    'app:info': async () => ok(deps.info()),

    'profiles:list': async () => ok(profiles.listProfiles()),
    'profiles:get': async ({ id }) => profiles.getProfile(id),
    'profiles:save': (draft) => profiles.saveProfile(draft),
    'profiles:delete': async ({ id }) => {
      const deleted = await profiles.deleteProfile(id);
      if (deleted.ok) await connections.forget(id);
      return deleted;
    },
    'profiles:duplicate': ({ id, name }) => profiles.duplicateProfile(id, name),
    'profiles:reorder': ({ ids }) => profiles.reorderProfiles(ids),
    'profiles:commands': async ({ id }) => {
      const profile = profiles.getProfile(id);
      return profile.ok ? ok(profileCommands(profile.value)) : profile;
    },

    'groups:list': async () => ok(profiles.listGroups()),
    'groups:save': (draft) => profiles.saveGroup(draft),
    'groups:delete': ({ id }) => profiles.deleteGroup(id),
    'groups:reorder': ({ ids }) => profiles.reorderGroups(ids),

    'secrets:set': async ({ profileId, ...changes }) => {
      const flags = await profiles.setSecrets(profileId, changes);
      if (!flags.ok || (changes.passphrase === undefined && changes.pfxPassword === undefined)) return flags;
      // An encrypted key or bundle can now be opened: show what it holds, or that the secret is wrong.
      const refreshed = await profiles.reinspect(profileId, (ref, bytes, secrets) => {
        if (ref.slot === 'key') return inspectMaterial('key', ref.fileName, bytes, now(), ref.id, secrets.passphrase);
        // TLS tries the key passphrase for a bundle without its own password (one "key password" field is common).
        if (ref.slot === 'pfx')
          return inspectMaterial('pfx', ref.fileName, bytes, now(), ref.id, secrets.pfxPassword ?? secrets.passphrase);
        return null;
      });
      return refreshed.ok ? flags : refreshed;
    },

    'files:pick': async ({ slot }) => {
      const read = await fileLoader(deps, undefined)(slot);
      return read.ok ? stage(slot, read.value) : read;
    },
    'files:import': async ({ slot, file }) => {
      const read = await fileLoader(deps, file)(slot);
      return read.ok ? stage(slot, read.value) : read;
    },
    'files:pickKeyLog': async ({ suggestedName }) => {
      if (!deps.pickKeyLogPath)
        return err({ code: 'unsupported', message: 'This host chooses where key logs go (its data folder); it shows no save dialog.' });
      const path = await deps.pickKeyLogPath(suggestedName);
      return path === null ? err({ code: 'cancelled', message: 'No file was chosen for the key log.' }) : ok({ path });
    },

    'connection:list': async () => ok(connections.list()),
    'connection:connect': ({ profileId, secrets }) => connections.connect(profileId, secrets),
    'connection:disconnect': ({ profileId }) => connections.disconnect(profileId),
    'connection:cancel': ({ profileId }) => connections.cancel(profileId),

    'mqtt:subscribe': ({ profileId, ...request }) => connections.subscribe(profileId, request),
    'mqtt:unsubscribe': ({ profileId, topic }) => connections.unsubscribe(profileId, topic),
    'mqtt:editSubscription': ({ profileId, ...change }) => connections.editSubscription(profileId, change),
    'mqtt:publish': async ({ profileId, ...request }) => {
      const sent = await connections.publish(profileId, request);
      if (sent.ok) deps.publishes?.record(profileId, request);
      return sent;
    },

    'messages:history': async ({ profileId, limit }) => ok(connections.messages(profileId, limit)),
    'messages:clear': async ({ profileId }) => {
      connections.clearMessages(profileId);
      return ok({ profileId });
    },

    'reports:history': async ({ profileId, limit }) => {
      // The report of an attempt that just ended may still be on its way to the store.
      await profiles.flush();
      return profiles.reports(profileId, limit);
    },

    'settings:get': async () => ok(profiles.getSettings()),
    'settings:save': (patch) => profiles.saveSettings(patch),

    'store:status': async () => ok(profiles.status()),
    'store:discardLockedSecrets': () => profiles.discardLockedSecrets(),

    ...transferHandlers(deps, transfer),

    ...workbenchHandlers({
      workbench,
      now,
      ...(deps.pickFolder ? { pickFolder: deps.pickFolder } : {}),
      ...(deps.onBatchProgress ? { onBatchProgress: deps.onBatchProgress } : {}),
    }),

    ...labHandlers(deps.lab),
    ...publishHandlers(deps.profiles, deps.publishes),
    ...matrixHandlers({
      ...(deps.matrices ? { matrices: deps.matrices } : {}),
      outputs: workbench.outputs,
      allowPathImport: deps.allowPathImport,
      ...(deps.pickOpenFolder ? { pickOpenFolder: deps.pickOpenFolder } : {}),
      ...(deps.pickSavePath ? { pickSavePath: deps.pickSavePath } : {}),
    }),
  };

  const call = async <C extends Channel>(channel: C, request: ParsedRequestOf<C>): Promise<ResultOf<C>> => {
    let result: ResultOf<C>;
    try {
      result = await (handlers[channel] as (r: ParsedRequestOf<C>) => Promise<ResultOf<C>>)(request);
    } catch (e) {
      logError(`${channel} failed`, e);
      return err({ code: 'internal', message: `${channel} failed: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!result.ok) return result;
    // Parsing also strips any field the contract does not name, so nothing unplanned reaches a renderer.
    const checked = contract[channel].response.safeParse(result.value);
    if (!checked.success) {
      logError(`${channel} returned a response outside the contract`, checked.error);
      return err({ code: 'internal', message: `${channel} returned a response outside the contract.` });
    }
    return ok(checked.data) as ResultOf<C>;
  };

  return {
    handlers,
    workbench,
    call,
    async dispatch(channel, payload) {
      if (!isChannel(channel))
        return err({ code: 'invalid-request', message: `Unknown channel ${JSON.stringify(channel.slice(0, 100))}.` });
      const parsed = contract[channel].request.safeParse(payload);
      if (!parsed.success) return err(invalidRequest(channel, parsed.error));
      return call(channel, parsed.data as ParsedRequestOf<typeof channel>);
    },
  };
}
