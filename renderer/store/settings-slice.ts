import { PayloadView, type ApiResult } from '../../shared/ipc/contract';
import { MAX_REPORTS_PER_PROFILE, type AppSettings, type AppSettingsPatch, type UiPreference } from '../../shared/profile/app-settings';
import type { SliceFactory } from './app-store';
import type { PayloadFormat } from './ui-slice';

/**
 * The renderer's preferences kept by the host in `settings.ui`, by name. The host stores any
 * small scalar; these are the names and values this UI reads back.
 */
export const PREF = {
  colorScheme: 'colorScheme',
  payloadFormat: 'payloadFormat',
  messageHistoryLimit: 'messageHistoryLimit',
  /** `at` of the store recovery the user has read and dismissed (a later recovery shows again). */
  dismissedRecovery: 'dismissedRecovery',
  /** The insecure secret backend (its `kind`) the user has acknowledged. */
  dismissedInsecureSecrets: 'dismissedInsecureSecrets',
} as const;

export type ColorSchemePref = 'light' | 'dark' | 'auto';
const COLOR_SCHEMES: readonly string[] = ['light', 'dark', 'auto'];
const PAYLOAD_FORMATS: readonly string[] = PayloadView.options;

/** Smallest and largest message history per connection the UI offers. */
export const MIN_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 100_000;

export interface SettingsSlice {
  /** The host's settings; null until loaded (or when the host could not answer). */
  settings: AppSettings | null;

  loadSettings(): Promise<void>;
  /** Saves a change; the host's answer (or the `settings:changed` event) becomes the state. */
  saveSettings(patch: AppSettingsPatch): Promise<ApiResult<AppSettings>>;
  /** Saves one preference (null removes it). */
  savePreference(name: string, value: UiPreference): Promise<ApiResult<AppSettings>>;
  /** Event from the host (or the answer to a save): settings as stored. */
  applySettings(settings: AppSettings): void;
}

/** The colour scheme the user chose, if any. */
export function colorSchemeOf(settings: AppSettings | null): ColorSchemePref | null {
  const v = settings?.ui[PREF.colorScheme];
  return typeof v === 'string' && COLOR_SCHEMES.includes(v) ? (v as ColorSchemePref) : null;
}

/** Message history limit chosen by the user, if valid. */
export function historyLimitOf(settings: AppSettings | null): number | null {
  const v = settings?.ui[PREF.messageHistoryLimit];
  return typeof v === 'number' && Number.isInteger(v) && v >= MIN_HISTORY_LIMIT && v <= MAX_HISTORY_LIMIT ? v : null;
}

function payloadFormatOf(settings: AppSettings): PayloadFormat | null {
  const v = settings.ui[PREF.payloadFormat];
  return typeof v === 'string' && PAYLOAD_FORMATS.includes(v) ? (v as PayloadFormat) : null;
}

/** How many attempt reports of a profile to ask the host for: as many as it keeps. */
export const reportsLimitOf = (settings: AppSettings | null): number =>
  Math.min(settings?.reportsPerProfile ?? MAX_REPORTS_PER_PROFILE, MAX_REPORTS_PER_PROFILE);

export const createSettingsSlice: SliceFactory<SettingsSlice> = (api) => (set, get) => ({
  settings: null,

  async loadSettings() {
    const r = await api.settings.get();
    if (r.ok) get().applySettings(r.value);
  },

  async saveSettings(patch) {
    const r = await api.settings.save(patch);
    if (r.ok) get().applySettings(r.value);
    return r;
  },

  savePreference(name, value) {
    return get().saveSettings({ ui: { [name]: value } });
  },

  applySettings(settings) {
    set({ settings });
    // Preferences that other slices hold as plain state follow the stored values.
    const s = get();
    const format = payloadFormatOf(settings);
    if (format && format !== s.payloadFormat) s.setPayloadFormat(format, { persist: false });
    const limit = historyLimitOf(settings);
    if (limit !== null && limit !== s.historyLimit) s.setHistoryLimit(limit);
  },
});
