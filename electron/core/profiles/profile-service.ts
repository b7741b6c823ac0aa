/**
 * Profiles, groups, imported files and secrets, for every front (desktop app, web host, CLI). It
 * keeps the renderer's view (`Profile`: names, summaries, flags) apart from the vault (file
 * bytes, secret values), which only `resolve` hands out, to the connection manager and exports.
 * Each part is a set of changes of one shared document (profile-document.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ApiError } from '../../../shared/ipc/contract';
import type { MaterialRef } from '../../../shared/profile/profile';
import type { ImportResult } from '../../../shared/profile/transfer';
import type { Result } from '../../../shared/result';
import type { ProfileStore } from '../store/store-data';
import { groupOps, type GroupOps } from './group-ops';
import { importOps, type ImportEntry } from './import-apply';
import { createMaterialStaging } from './material-staging';
import { openProfileDocument, type ProfileDocument } from './profile-document';
import { profileOps, type ProfileOps } from './profile-ops';
import { resolveProfile, type ResolvedProfile } from './resolved-profile';
import { secretOps, type SecretOps } from './secret-ops';
import { settingsReportOps, type SettingsReportOps } from './settings-reports';
import { workbenchOps, type WorkbenchOps } from './workbench-ops';
import { matrixOps, type MatrixOps } from './matrix-ops';
import { publishHistoryOps, type PublishHistoryOps } from './publish-history-ops';
import { subscriptionOps, type SubscriptionOps } from './subscription-ops';

export interface ProfileService
  extends
    ProfileOps,
    GroupOps,
    SecretOps,
    SettingsReportOps,
    WorkbenchOps,
    MatrixOps,
    PublishHistoryOps,
    SubscriptionOps,
    Pick<ProfileDocument, 'problem' | 'flush' | 'status' | 'onChange' | 'onSettingsChange' | 'onStatusChange'> {
  readonly location: string;
  /**
   * Keeps an imported file until a saved profile refers to it by `ref.id` (files are imported
   * while a profile form is open; cancelling the form leaves no trace in the store).
   */
  stageFile(ref: MaterialRef, bytes: Buffer): void;
  /**
   * A profile with its file bytes and secrets, for a connection attempt or an export. A
   * profile with values that cannot be decrypted is refused, unless `allowLocked` (export).
   */
  resolve(profileId: string, options?: { allowLocked?: boolean }): Result<ResolvedProfile, ApiError>;
  /** Adds or replaces imported profiles in one change: all of them are stored, or none. */
  applyImport(entries: ImportEntry[]): Promise<Result<ImportResult, ApiError>>;
}

/** Opens the service on a store; a store that cannot be read leaves an empty service with `problem` set. */
export async function openProfileService(options: {
  store: ProfileStore;
  now?: () => Date;
  newId?: () => string;
}): Promise<ProfileService> {
  const doc = await openProfileDocument(options.store);
  const clock = options.now ?? (() => new Date());
  const ctx = { doc, now: () => clock().toISOString(), newId: options.newId ?? randomUUID };
  const staging = createMaterialStaging();
  return {
    problem: doc.problem,
    location: options.store.location,
    flush: doc.flush,
    status: doc.status,
    onChange: doc.onChange,
    onSettingsChange: doc.onSettingsChange,
    onStatusChange: doc.onStatusChange,
    ...profileOps(ctx, staging),
    ...groupOps(ctx),
    ...secretOps(ctx),
    ...settingsReportOps(ctx),
    ...importOps(ctx),
    ...workbenchOps(ctx),
    ...matrixOps(ctx),
    ...publishHistoryOps(ctx),
    ...subscriptionOps(ctx),
    stageFile: staging.stage,
    resolve: (profileId, resolveOptions) => resolveProfile(doc.current(), profileId, resolveOptions),
  };
}
