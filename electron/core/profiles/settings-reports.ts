/** App settings and each profile's recent attempt reports, as changes of the shared document (reports appended to the store's journal). */
import type { ConnectReport } from '../../../shared/connect/report';
import type { ApiError } from '../../../shared/ipc/contract';
import type { AppSettings, AppSettingsPatch } from '../../../shared/profile/app-settings';
import { err, ok, type Result } from '../../../shared/result';
import { notFound, type OpsContext } from './profile-ops';

export interface SettingsReportOps {
  getSettings(): AppSettings;
  saveSettings(patch: AppSettingsPatch): Promise<Result<AppSettings, ApiError>>;
  /** Keeps an attempt's report with its profile (newest first, bounded by the settings); unknown profiles are ignored. */
  addReport(profileId: string, report: ConnectReport): Promise<Result<void, ApiError>>;
  /** A profile's stored reports, newest first. */
  reports(profileId: string, limit?: number): Result<ConnectReport[], ApiError>;
}

/** The settings and report operations over `ctx.doc`. */
export function settingsReportOps({ doc }: OpsContext): SettingsReportOps {
  return {
    getSettings: () => structuredClone(doc.current().settings),
    saveSettings: (patch) =>
      doc.mutate((d) => {
        if (patch.reportsPerProfile !== undefined) {
          d.settings.reportsPerProfile = patch.reportsPerProfile;
          for (const list of Object.values(d.reports)) if (list.length > patch.reportsPerProfile) list.length = patch.reportsPerProfile;
        }
        if (patch.certExpiryWarningDays !== undefined) d.settings.certExpiryWarningDays = patch.certExpiryWarningDays;
        if (patch.ui) {
          const ui = { ...d.settings.ui };
          for (const [k, v] of Object.entries(patch.ui)) {
            if (v === null) delete ui[k];
            else ui[k] = v;
          }
          if (Object.keys(ui).length > 100) return err({ code: 'invalid-request', message: 'At most 100 UI preferences can be kept.' });
          d.settings.ui = ui;
        }
        return ok(structuredClone(d.settings));
      }, 'settings'),
    addReport: (profileId, report) => doc.addReport(profileId, report),
    reports(profileId, limit) {
      const data = doc.current();
      if (!data.profiles.some((p) => p.id === profileId)) return notFound('profile', profileId);
      const list = data.reports[profileId] ?? [];
      return ok(structuredClone(list.slice(0, limit ?? list.length)));
    },
  };
}
