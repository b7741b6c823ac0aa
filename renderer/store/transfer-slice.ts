import { MAX_CONFIG_CHARS, MAX_FILE_BYTES, type ApiResult, type ExportRequest, type RequestOf } from '../../shared/ipc/contract';
import { fileToBase64, type PageFile } from '../api/file-bytes';
import type { ProfileCommand } from '../../shared/profile/config-import';
import type { ExportResult, ImportPreview, ImportResult } from '../../shared/profile/transfer';
import type { SliceFactory } from './app-store';

/** Where an export went: downloaded by the page (web host), or written where the user chose (desktop). */
export type ExportOutcome =
  | { kind: 'downloaded'; fileName: string; profiles: number; missingSecrets: ExportResult['missingSecrets'] }
  | { kind: 'saved'; path: string; fileName: string; profiles: number; missingSecrets: ExportResult['missingSecrets'] };

export interface TransferSlice {
  /**
   * Exports profiles: through the desktop app's save dialog where the host has one, else as a
   * `.keyhole.json` download. A cancelled save dialog is the error `cancelled`.
   */
  exportProfiles(request: ExportRequest): Promise<ApiResult<ExportOutcome>>;
  /** Reads an import file into a preview; nothing changes yet. */
  previewImport(request: RequestOf<'transfer:preview'>): Promise<ApiResult<ImportPreview>>;
  /** Applies a preview with the user's per-profile choices; the lists are then read again. */
  applyImport(request: RequestOf<'transfer:apply'>): Promise<ApiResult<ImportResult>>;
  /** Reads a bridge configuration or a command line into a preview; nothing changes yet. */
  previewConfig(request: RequestOf<'transfer:fromConfig'>): Promise<ApiResult<ImportPreview>>;
  /**
   * Gives a preview's item a file it names but the host could not read: one the user chose or
   * dropped (its path on the desktop, its bytes in a browser), or, without one, the host's own
   * file dialog. The preview as it now is.
   */
  attachImportFile(request: { token: string; key: string; index: number; file?: PageFile }): Promise<ApiResult<ImportPreview>>;
  /** A configuration file chosen or dropped, as text, with its path where the host tells it (desktop). */
  readConfigFile(file: PageFile & { text(): Promise<string> }): Promise<ApiResult<{ text: string; fileName: string; path?: string }>>;
  /** A profile as keyhole / mosquitto_sub / openssl lines. */
  profileCommands(profileId: string): Promise<ApiResult<ProfileCommand[]>>;
}

export const createTransferSlice: SliceFactory<TransferSlice> = (api, options) => (set, get) => ({
  async exportProfiles(request) {
    if (get().appInfo?.capabilities.saveDialog) {
      const r = await api.transfer.save(request);
      return r.ok ? { ok: true, value: { kind: 'saved', ...r.value } } : r;
    }
    const r = await api.transfer.export(request);
    if (!r.ok) return r;
    const { fileName, json, profiles, missingSecrets } = r.value;
    options.download(fileName, json, 'application/json');
    return { ok: true, value: { kind: 'downloaded', fileName, profiles, missingSecrets } };
  },

  previewImport(request) {
    return api.transfer.preview(request);
  },

  previewConfig(request) {
    return api.transfer.fromConfig(request);
  },

  async attachImportFile({ file, ...request }) {
    if (!file) return api.transfer.attachFile(request);
    const path = api.pathForFile(file);
    if (path) return api.transfer.attachFile({ ...request, file: { source: 'path', path } });
    if (file.size > MAX_FILE_BYTES)
      return { ok: false, error: { code: 'file-too-large', message: `${file.name} is larger than ${MAX_FILE_BYTES / 1024} KiB.` } };
    return api.transfer.attachFile({
      ...request,
      file: { source: 'bytes', fileName: file.name.slice(0, 255), base64: await fileToBase64(file) },
    });
  },

  async readConfigFile(file) {
    if (file.size > MAX_CONFIG_CHARS)
      return {
        ok: false,
        error: { code: 'file-too-large', message: `${file.name} is larger than a configuration can be (${MAX_CONFIG_CHARS / 1024} KiB).` },
      };
    const text = await file.text();
    if (text.trim() === '') return { ok: false, error: { code: 'invalid-file', message: `${file.name} is empty.` } };
    const path = api.pathForFile(file);
    return { ok: true, value: { text, fileName: file.name, ...(path ? { path } : {}) } };
  },

  profileCommands(profileId) {
    return api.profiles.commands({ id: profileId });
  },

  async applyImport(request) {
    const r = await api.transfer.apply(request);
    if (!r.ok) return r;
    // A replaced profile is another identity now: what the UI knew of its attempts is stale.
    const replaced = new Set(r.value.replaced.map((x) => x.profileId));
    if (replaced.size) {
      get().forgetReports(replaced);
      for (const id of replaced) get().forgetConnection(id);
    }
    // The host also sends `profiles:changed`; reading the lists here does not depend on it.
    await get().loadProfiles();
    return r;
  },
});
