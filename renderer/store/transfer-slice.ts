import type { ApiResult, ExportRequest, RequestOf } from '../../shared/ipc/contract';
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
