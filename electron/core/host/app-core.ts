/**
 * Wires the services every front shares (profile store and service, connection manager,
 * contract handlers) so Electron main and the web host differ only in transport.
 */
import { events, type AppInfo, type EventEnvelope, type EventName, type EventPayload } from '../../../shared/ipc/contract';
import type { MaterialSlot } from '../../../shared/profile/profile';
import { connect } from '../connect/probe';
import type { SecretBox } from '../secrets/secret-box';
import { createApi, type Api } from './api';
import { createConnectionManager, type ConnectionManager, type EventSink, type Probe } from './connection-manager';
import { openProfileService, type ProfileService } from '../profiles/profile-service';
import { type ProfileStore } from '../store/store-data';
import { createJsonFileStore } from '../store/json-store';
import { createMatrixService, type MatrixService } from '../matrix/matrix-service';

export interface AppCoreOptions {
  dataDir: string;
  host: AppInfo['host'];
  version: string;
  versions?: Record<string, string>;
  /** Receives every event, already checked against the contract. */
  send: (envelope: EventEnvelope) => void;
  pickFile?: (slot: MaterialSlot) => Promise<string | null>;
  /** A native save dialog for exports (desktop); `kind` names what is saved (profiles by default). */
  pickSavePath?: (suggestedName: string, kind?: { title: string; name: string; extension: string }) => Promise<string | null>;
  /** A native dialog to choose a folder to read, e.g. a batch folder (desktop). */
  pickOpenFolder?: (title: string) => Promise<string | null>;
  /** A native folder dialog for the workbench's files (desktop). */
  pickFolder?: (suggestedName: string) => Promise<string | null>;
  allowPathImport: boolean;
  /** Defaults to the JSON file store in `dataDir`, sealing secrets with `secretBox`. */
  store?: ProfileStore;
  /** Seals secrets at rest; defaults to a key file in `dataDir` (Electron main passes its safeStorage box). */
  secretBox?: SecretBox;
  /** Boxes that may open values sealed earlier by another kind of box (never used to seal). */
  secretReaders?: SecretBox[];
  /** Defaults to the real probe. */
  probe?: Probe;
  now?: () => Date;
  logError?: (message: string, error: unknown) => void;
}

export interface AppCore {
  api: Api;
  profiles: ProfileService;
  connections: ConnectionManager;
  matrices: MatrixService;
  /** Closes every connection and waits for pending store writes; the host exits after this. */
  close(): Promise<void>;
}

/**
 * An event sink that validates each payload against the contract before it leaves: parsing
 * strips fields the contract does not name, so an event can carry nothing unplanned.
 */
export function contractEventSink(send: (envelope: EventEnvelope) => void, logError: (message: string, error: unknown) => void): EventSink {
  return <E extends EventName>(event: E, payload: EventPayload<E>) => {
    const checked = events[event].safeParse(payload);
    if (!checked.success) {
      logError(`event ${event} outside the contract`, checked.error);
      return;
    }
    send({ event, payload: checked.data } as EventEnvelope);
  };
}

/** Opens the store and starts the services of one host. */
export async function openAppCore(options: AppCoreOptions): Promise<AppCore> {
  const logError = options.logError ?? ((message, error) => console.error(message, error));
  const emit = contractEventSink(options.send, logError);
  const store =
    options.store ??
    createJsonFileStore(options.dataDir, {
      ...(options.secretBox ? { box: options.secretBox } : {}),
      ...(options.secretReaders ? { readers: options.secretReaders } : {}),
    });
  const profiles = await openProfileService({ store, ...(options.now ? { now: options.now } : {}) });
  if (profiles.problem) logError(profiles.problem, null);
  const probe = options.probe ?? connect;
  const connections = createConnectionManager({
    // The expiry warning period is an app setting: read at each attempt, so a change applies to the next one.
    probe: (input, o) => probe(input, { ...o, expiryWarningDays: profiles.getSettings().certExpiryWarningDays }),
    // Values that cannot be decrypted are weighed against the secrets given for the attempt.
    resolve: (id) => profiles.resolve(id, { allowLocked: true }),
    onReport: (id, report) => {
      void profiles.addReport(id, report).then((kept) => {
        if (kept.ok) emit('reports:added', { profileId: id, report });
        else logError(`the report of ${id} could not be stored: ${kept.error.message}`, null);
      });
    },
    emit,
    ...(options.now ? { now: options.now } : {}),
  });
  const matrices = await createMatrixService({
    profiles,
    dataDir: options.dataDir,
    events: { progress: (e) => emit('matrix:progress', e), finished: (run) => emit('matrix:finished', run) },
    // The probe the connections use (tests give their own), with the app's expiry setting applied by the runner.
    attempt: async (input, o) => (await probe(input, o)).report,
    logError,
    ...(options.now ? { now: options.now } : {}),
  });
  profiles.onChange((list, groups) => emit('profiles:changed', { profiles: list, groups }));
  profiles.onSettingsChange((settings) => emit('settings:changed', settings));
  profiles.onStatusChange((status) => emit('store:status', status));
  const info = (): AppInfo => ({
    name: 'Keyhole',
    version: options.version,
    host: options.host,
    platform: process.platform,
    versions: { node: process.versions.node, ...options.versions },
    capabilities: {
      nativeFilePicker: options.pickFile !== undefined,
      pathImport: options.allowPathImport,
      saveDialog: options.pickSavePath !== undefined,
      saveFolder: options.pickFolder !== undefined,
    },
    dataDir: options.dataDir,
    ...(profiles.problem ? { storeProblem: profiles.problem } : {}),
  });
  const api = createApi({
    profiles,
    connections,
    info,
    allowPathImport: options.allowPathImport,
    logError,
    ...(options.pickFile ? { pickFile: options.pickFile } : {}),
    ...(options.pickSavePath ? { pickSavePath: options.pickSavePath } : {}),
    ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}),
    ...(options.pickOpenFolder ? { pickOpenFolder: options.pickOpenFolder } : {}),
    matrices,
    onBatchProgress: (caId, progress) => emit('certs:batchProgress', { caId, progress }),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    api,
    profiles,
    connections,
    matrices,
    close: async () => {
      await matrices.close();
      await connections.closeAll();
      // Reports of the last attempts are still being written; the host exits after this.
      await profiles.flush();
      store.close?.();
    },
  };
}
