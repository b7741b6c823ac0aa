import type { BatchProgress } from '../../shared/certs/batch';
import type { InspectedInput } from '../../shared/certs/inspect';
import type { LintReport } from '../../shared/certs/lint';
import {
  DOWNLOAD_PATH,
  type CrlResult,
  type IssueIdentityResult,
  type OutputInfo,
  type SavedCa,
  type WorkbenchBatchResult,
  type WorkbenchInput,
} from '../../shared/certs/workbench';
import type { ApiError, ApiResult, EventPayload, RequestOf } from '../../shared/ipc/contract';
import type { Profile } from '../../shared/profile/profile';
import { fileToBase64, type PageFile } from '../api/file-bytes';
import type { SliceFactory } from './app-store';

/** Where an output went: written into a folder (desktop), or handed to the browser's downloads (web host). */
export type SavedOutput = { kind: 'folder'; folder: string; files: number } | { kind: 'download'; fileName: string };

export interface CertsSlice {
  cas: SavedCa[];
  casStatus: 'idle' | 'loading' | 'ready' | 'error';
  casError: ApiError | null;
  /** The last inspection, as shown in the inspector. */
  inspected: InspectedInput[] | null;
  lintReport: LintReport | null;
  /** The running batch's progress (null when none runs). */
  batchProgress: BatchProgress | null;

  loadCas(): Promise<void>;
  /** Inspects dropped, chosen or pasted inputs together. */
  inspect(inputs: WorkbenchInput[], passphrase?: string): Promise<ApiResult<InspectedInput[]>>;
  lint(request: RequestOf<'certs:lint'>): Promise<ApiResult<LintReport>>;
  createCa(request: RequestOf<'certs:createCa'>): Promise<ApiResult<{ ca: SavedCa; output: OutputInfo }>>;
  issueIdentity(request: RequestOf<'certs:issue'>): Promise<ApiResult<IssueIdentityResult>>;
  runBatch(request: RequestOf<'certs:batch'>): Promise<ApiResult<WorkbenchBatchResult>>;
  revoke(request: RequestOf<'certs:revoke'>): Promise<ApiResult<CrlResult>>;
  signCrl(caId: string, crlDays: number): Promise<ApiResult<CrlResult>>;
  deleteCa(id: string): Promise<ApiResult<{ id: string }>>;
  snippet(request: RequestOf<'certs:snippet'>): Promise<ApiResult<{ text: string }>>;
  /** Makes a profile from a kept identity and shows it in Connections. */
  makeProfile(request: RequestOf<'certs:makeProfile'>): Promise<ApiResult<Profile>>;
  /** Saves an output: into a folder the user picks (desktop), else as a zip download served by the host. */
  saveOutput(output: OutputInfo): Promise<ApiResult<SavedOutput>>;
  /** Event from the host: a batch made progress. */
  applyBatchProgress(payload: EventPayload<'certs:batchProgress'>): void;
}

/** A page file as a workbench input (bytes, base64). */
export async function pageFileInput(file: PageFile): Promise<WorkbenchInput> {
  return { fileName: file.name, base64: await fileToBase64(file) };
}

export const createCertsSlice: SliceFactory<CertsSlice> = (api, options) => (set, get) => {
  const upsertCa = (ca: SavedCa) =>
    set((s) => {
      const i = s.cas.findIndex((c) => c.id === ca.id);
      if (i < 0) return { cas: [...s.cas, ca] };
      const cas = s.cas.slice();
      cas[i] = ca;
      return { cas };
    });
  /** Runs a call whose answer carries a changed CA, and keeps the list in step. */
  const withCa = async <T extends { ca: SavedCa }>(call: Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
    const r = await call;
    if (r.ok) upsertCa(r.value.ca);
    return r;
  };
  return {
    cas: [],
    casStatus: 'idle',
    casError: null,
    inspected: null,
    lintReport: null,
    batchProgress: null,

    async loadCas() {
      set({ casStatus: 'loading' });
      const r = await api.certs.list();
      set(r.ok ? { cas: r.value, casStatus: 'ready', casError: null } : { casStatus: 'error', casError: r.error });
    },

    async inspect(inputs, passphrase) {
      const r = await api.certs.inspect({ inputs, ...(passphrase ? { passphrase } : {}) });
      if (r.ok) set({ inspected: r.value });
      return r;
    },

    async lint(request) {
      const r = await api.certs.lint(request);
      set({ lintReport: r.ok ? r.value : null });
      return r;
    },

    createCa: (request) => withCa(api.certs.createCa(request)),
    issueIdentity: (request) => withCa(api.certs.issue(request)),

    async runBatch(request) {
      set({ batchProgress: { done: 0, total: request.batch.count ?? request.batch.names?.length ?? 0, elapsedMs: 0, rate: 0 } });
      const r = await withCa(api.certs.batch(request));
      set({ batchProgress: null });
      return r;
    },

    revoke: (request) => withCa(api.certs.revoke(request)),
    signCrl: (caId, crlDays) => withCa(api.certs.crl({ caId, crlDays })),

    async deleteCa(id) {
      const r = await api.certs.deleteCa({ id });
      if (r.ok) set((s) => ({ cas: s.cas.filter((c) => c.id !== id) }));
      return r;
    },

    snippet: (request) => api.certs.snippet(request),

    async makeProfile(request) {
      const r = await api.certs.makeProfile(request);
      if (!r.ok) return r;
      set((s) => ({ profiles: s.profiles.some((p) => p.id === r.value.id) ? s.profiles : [...s.profiles, r.value] }));
      get().setSection('connections');
      get().navigate({ kind: 'connection', profileId: r.value.id });
      return r;
    },

    async saveOutput(output) {
      if (get().appInfo?.capabilities.saveFolder) {
        const r = await api.certs.saveOutput({ id: output.id });
        return r.ok ? { ok: true, value: { kind: 'folder', ...r.value } } : r;
      }
      // The host serves the zip itself: the keys in it go to the browser's downloads, never through this page's script.
      options.downloadUrl(`${DOWNLOAD_PATH}${encodeURIComponent(output.id)}`, output.fileName);
      return { ok: true, value: { kind: 'download', fileName: output.fileName } };
    },

    applyBatchProgress({ progress }) {
      if (get().batchProgress) set({ batchProgress: progress });
    },
  };
};
