import { z } from 'zod';

/** Attempt reports kept per profile when the user has not chosen otherwise. */
export const DEFAULT_REPORTS_PER_PROFILE = 50;
/** The most reports a profile may keep (also the largest `reports:history` page). */
export const MAX_REPORTS_PER_PROFILE = 100;

/** A certificate expiring within this many days is a warning, unless the user chose otherwise. */
export const DEFAULT_CERT_EXPIRY_WARNING_DAYS = 30;
/** The longest warning period that can be chosen (0 turns the warning off). */
export const MAX_CERT_EXPIRY_WARNING_DAYS = 3650;

/** A renderer preference value: small plain JSON scalars only. */
export const UiPreference = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export type UiPreference = z.infer<typeof UiPreference>;

/** Application settings, kept in the store next to the profiles. */
export const AppSettings = z.object({
  /** Attempt reports kept per profile, newest first; older ones are dropped. */
  reportsPerProfile: z.number().int().min(1).max(MAX_REPORTS_PER_PROFILE),
  /** A client or broker certificate that expires within this many days is a warning in the report (0: never). */
  certExpiryWarningDays: z.number().int().min(0).max(MAX_CERT_EXPIRY_WARNING_DAYS),
  /** Preferences the renderer keeps across runs (theme, panel sizes …), by name. */
  ui: z.record(z.string().min(1).max(100), UiPreference).refine((r) => Object.keys(r).length <= 100, 'At most 100 preferences.'),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const DEFAULT_APP_SETTINGS: AppSettings = {
  reportsPerProfile: DEFAULT_REPORTS_PER_PROFILE,
  certExpiryWarningDays: DEFAULT_CERT_EXPIRY_WARNING_DAYS,
  ui: {},
};

/**
 * A change of settings: absent fields keep their value; in `ui`, a key set to null is removed
 * and any other value replaces the one stored.
 */
export const AppSettingsPatch = z
  .object({
    reportsPerProfile: AppSettings.shape.reportsPerProfile.optional(),
    certExpiryWarningDays: AppSettings.shape.certExpiryWarningDays.optional(),
    ui: z.record(z.string().min(1).max(100), UiPreference).optional(),
  })
  .strict();
export type AppSettingsPatch = z.infer<typeof AppSettingsPatch>;
