/**
 * Wires the services every front shares (profile store and service, connection manager,
 * contract handlers) so Electron main and the web host differ only in transport.
 */
import { join } from 'node:path';
import { events, type AppInfo, type EventEnvelope, type EventName, type EventPayload } from '../../../shared/ipc/contract';
import type { MaterialSlot } from '../../../shared/profile/profile';
import { connect } from '../connect/probe';
import type { SecretBox } from '../secrets/secret-box';
import { createApi, type Api } from './api';
import { createConnectionManager, type ConnectionManager, type EventSink, type Probe } from './connection-manager';
import { openProfileService, type ProfileService } from '../profiles/profile-service';
import { type ProfileStore } from '../store/store-data';
import { createJsonFileStore } from '../store/json-store';
import { openProfileKeyLog } from './key-log-target';
import { createPublishService } from './publish-service';
import { LabService } from '../lab/lab-service';
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
  /**
   * A native save dialog for TLS key logs (desktop): with it, a profile's key log goes to the
   * file the user chose; without (web host), only into `<dataDir>/keylogs/`.
   */
  pickKeyLogPath?: (suggestedName: string) => Promise<string | null>;
  allowPathImport: boolean;
  /** Defaults to the JSON file store in `dataDir`, sealing secrets with `secretBox`. */
  store?: ProfileStore;
  /** Seals secrets at rest; defaults to a key file in `dataDir` (Electron main passes its safeStorage box). */
  secretBox?: SecretBox;
  /** Boxes that may open values sealed earlier by another kind of box (never used to seal). */
  secretReaders?: SecretBox[];
  /** Defaults to the real probe. */
  probe?: Probe;
  /** The lab's port when its settings name none (8883; the web host's `--lab-port`). */
  labPort?: number;
  now?: () => Date;
  logError?: (message: string, error: unknown) => void;
}

export interface AppCore {
  api: Api;
  profiles: ProfileService;
  connections: ConnectionManager;
  lab: LabService;
  matrices: MatrixService;
  /** Cancels matrix runs, closes every connection, stops the lab and waits for pending store writes; the host exits after this. */
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
  const logError = options.logError ?? ((message, error) => (error == null ? console.error(message) : console.error(message, error)));
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
  const keyLogFolder = join(options.dataDir, 'keylogs');
  // Declared before the manager so its reports can reach the lab; the lab hears of replaced profiles from the manager.
  let forget: (ids: string[]) => void = () => undefined;
  const lab = new LabService({
    dataDir: options.dataDir,
    profiles,
    ...(options.labPort !== undefined ? { defaultPort: options.labPort } : {}),
    onEvent: (event) => emit('lab:event', event),
    onStatus: (status) => emit('lab:status', status),
    onAttempt: (attempt) => emit('lab:attempt', attempt),
    onProfilesReplaced: (ids) => forget(ids),
    ...(options.now ? { now: options.now } : {}),
  });
  // Timed publishes end with their connection: every state but open stops them.
  const publishes = createPublishService({
    history: profiles,
    publish: (id, request) => connections.publish(id, request),
    isOpen: (id) => connections.info(id).state.status === 'open',
    onHistory: (profileId, entries) => emit('publishes:changed', { profileId, entries }),
    onRepeat: (status) => emit('publishes:repeat', status),
    logError: (message) => logError(message, null),
  });
  const connections = createConnectionManager({
    // The expiry warning period is an app setting: read at each attempt, so a change applies to the next one.
    probe: (input, o) => probe(input, { ...o, expiryWarningDays: profiles.getSettings().certExpiryWarningDays }),
    // Values that cannot be decrypted are weighed against the secrets given for the attempt.
    resolve: (id) => profiles.resolve(id, { allowLocked: true }),
    onReport: (id, report) => {
      lab.noteReport(id, report);
      void profiles.addReport(id, report).then((kept) => {
        if (kept.ok) emit('reports:added', { profileId: id, report });
        else logError(`the report of ${id} could not be stored: ${kept.error.message}`, null);
      });
    },
    emit: (event, payload) => {
      emit(event, payload);
      if (event === 'connection:state') {
        const info = payload as EventPayload<'connection:state'>;
        if (info.state.status !== 'open') publishes.connectionEnded(info.profileId);
      }
    },
    savedSubscriptions: {
      load: (id) => profiles.savedSubscriptions(id),
      save: (id, list) =>
        void profiles.saveSubscriptions(id, list).then((kept) => {
          // A profile deleted meanwhile takes its subscriptions with it: nothing to report.
          if (!kept.ok && kept.error.code !== 'not-found')
            logError(`the subscriptions of ${id} could not be stored: ${kept.error.message}`, null);
        }),
    },
    ...(options.now ? { now: options.now } : {}),
    keyLogFor: (resolved) => openProfileKeyLog(resolved, { folder: keyLogFolder, chosenFiles: options.pickKeyLogPath !== undefined }),
  });
  forget = (ids) => {
    for (const id of ids) void connections.forget(id);
  };
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
      keyLogFile: options.pickKeyLogPath !== undefined,
    },
    dataDir: options.dataDir,
    keyLogFolder,
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
    ...(options.pickKeyLogPath ? { pickKeyLogPath: options.pickKeyLogPath } : {}),
    ...(options.pickOpenFolder ? { pickOpenFolder: options.pickOpenFolder } : {}),
    matrices,
    onBatchProgress: (caId, progress) => emit('certs:batchProgress', { caId, progress }),
    lab,
    publishes,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    api,
    profiles,
    connections,
    lab,
    matrices,
    close: async () => {
      await matrices.close();
      publishes.close();
      await connections.closeAll();
      await lab.close();
      // Reports of the last attempts are still being written; the host exits after this.
      await profiles.flush();
      store.close?.();
    },
  };
}
