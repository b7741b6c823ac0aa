// The lab as the app runs it: start and stop, its settings (kept in lab.json), the built-in
// table edited in the UI, the "test query", the Lab group of profiles, one event log over every
// run, and the lab's side of each attempt a report describes. Every change goes through one
// queue, so a double click cannot start two labs. The hosts call this; it never calls them back
// except through the sinks it is given.
import type { ConnectReport } from '../../../shared/connect/report';
import type { ApiError } from '../../../shared/ipc/contract';
import {
  LabSettings,
  type LabAttemptEvents,
  type LabProblem,
  type LabProfilesResult,
  type LabQueryResult,
  type LabRunState,
  type LabSettingsParsed,
  type LabStatus,
  type LabTableEdit,
} from '../../../shared/lab/lab-api';
import type { LabIdentityView } from '../../../shared/lab/lab-config';
import type { LabEvent } from '../../../shared/lab/lab-event';
import { err, ok, type Result } from '../../../shared/result';
import type { ProfileService } from '../profiles/profile-service';
import { labEventsOf } from './attempt-match';
import { testAuthQuery } from './auth-query';
import { DEFAULT_LAB_PORT, startLab, type Lab } from './lab';
import { LabLog } from './lab-log';
import { labIdentities } from './lab-identities';
import { ensureLabPki, labDir, labIssued, openLabPki, regenerateLabPki, saveLabState, type LabPki, type LabState } from './lab-pki';
import { labProfileEntries, labProfilesStale } from './lab-profiles';
import { mergeRedisPassword, redactAuth } from './lab-settings';
import { editLabTable } from './lab-table';

export interface LabServiceOptions {
  dataDir: string;
  profiles: ProfileService;
  /** The port when the settings name none (8883). */
  defaultPort?: number;
  onEvent?: (event: LabEvent) => void;
  onStatus?: (status: LabStatus) => void;
  /** The lab's side of an attempt, once it is known (and again when its close came in later). */
  onAttempt?: (events: LabAttemptEvents) => void;
  /** Profiles made again in place: another identity now, so their open connections must end. */
  onProfilesReplaced?: (profileIds: string[]) => void;
  now?: () => Date;
}

/** How long the lab's closing event of an attempt is awaited after the probe's verdict. */
const CLOSE_WAIT_MS = 1500;
/** Attempts whose lab side is kept for the reports that show them. */
const CAPTURED_LIMIT = 500;

const labError = (problem: LabProblem): ApiError => ({ code: 'lab-failed', message: problem.message });

export class LabService {
  readonly log: LabLog;
  private lab: Lab | null = null;
  private pki: LabPki | null = null;
  private run: LabRunState = 'stopped';
  private problem: LabProblem | null = null;
  private notices: string[] = [];
  private views: LabIdentityView[] = [];
  private pending: LabSettingsParsed = LabSettings.parse({});
  private queue: Promise<unknown> = Promise.resolve();
  private readonly captured = new Map<string, LabEvent[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly now: () => Date;
  private ran = false;

  constructor(private readonly options: LabServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = new LabLog(undefined, this.now);
    if (options.onEvent) this.log.on(options.onEvent);
  }

  private get defaultPort(): number {
    return this.options.defaultPort ?? DEFAULT_LAB_PORT;
  }

  private settings(): LabSettingsParsed {
    return this.pki?.state.settings ? LabSettings.parse(this.pki.state.settings) : this.pending;
  }

  /** One change at a time, in order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Reads the lab of the data folder (when it was issued) for the status; never issues one. */
  async load(): Promise<LabStatus> {
    return this.serial(async () => {
      if (this.pki === null) await this.openExisting();
      return this.status();
    });
  }

  private async openExisting(): Promise<void> {
    if (!(await labIssued(this.options.dataDir))) return;
    const opened = await openLabPki(labDir(this.options.dataDir), this.now());
    if (!opened.ok) {
      this.problem = opened.error;
      return;
    }
    this.pki = opened.value;
    await this.refreshViews();
  }

  private async refreshViews(): Promise<void> {
    this.views = this.pki ? await labIdentities(this.pki, this.now()) : [];
  }

  status(): LabStatus {
    const settings = this.settings();
    const state = this.pki?.state ?? null;
    const profiles = this.options.profiles.listProfiles();
    const ids = Object.values(state?.profiles ?? {}).filter((id) => profiles.some((p) => p.id === id));
    return {
      state: this.run,
      port: this.lab?.port ?? null,
      addresses: this.lab ? hostPorts(this.lab.addresses, this.lab.port) : [],
      dir: labDir(this.options.dataDir),
      issuedAt: state?.createdAt ?? null,
      notices: this.notices,
      problem: this.problem,
      settings: { port: settings.port, auth: redactAuth(settings.auth) },
      defaultPort: this.defaultPort,
      identities: this.views,
      table: (state?.table ?? []).map(({ commonName, hash, rights }) => ({ commonName, hash, rights })),
      profiles: { groupId: profiles.find((p) => ids.includes(p.id))?.groupId ?? null, ids },
    };
  }

  private changed(run?: LabRunState): LabStatus {
    if (run) this.run = run;
    const status = this.status();
    this.options.onStatus?.(status);
    return status;
  }

  /** Starts the lab (issuing its PKI on first use); with `profiles`, also makes the Lab group of profiles. */
  start(options: { profiles?: boolean } = {}): Promise<Result<LabStatus, ApiError>> {
    return this.serial(async () => {
      const started = await this.startNow();
      if (!started.ok || !options.profiles) return started;
      const made = await this.makeProfiles();
      return made.ok ? ok(this.changed()) : made;
    });
  }

  private async startNow(): Promise<Result<LabStatus, ApiError>> {
    if (this.lab) return ok(this.status());
    const settings = this.settings();
    this.problem = null;
    this.notices = [];
    this.changed('starting');
    const started = await startLab({
      dataDir: this.options.dataDir,
      port: settings.port ?? this.defaultPort,
      portFallback: settings.port === null,
      auth: settings.auth,
      log: this.log,
      now: this.now,
    });
    if (!started.ok) {
      this.problem = started.error;
      this.changed('stopped');
      return err(labError(started.error));
    }
    const lab = started.value;
    this.lab = lab;
    this.ran = true;
    this.pki = lab.pki;
    this.notices = [...lab.notices];
    // Settings chosen before the PKI existed are kept with it from now on.
    if (!lab.pki.state.settings) await this.saveState({ ...lab.pki.state, settings: this.pending });
    await this.refreshViews();
    const ids = Object.values(lab.pki.state.profiles ?? {});
    if (ids.length > 0 && labProfilesStale(ids, this.options.profiles.listProfiles(), lab.port, lab.pki.caPem)) {
      const made = await this.makeProfiles();
      this.notices.push(
        made.ok
          ? `The Lab profiles were made again for this lab (port ${lab.port}).`
          : `The Lab profiles could not be made again: ${made.error.message}`,
      );
    }
    return ok(this.changed('running'));
  }

  stop(): Promise<LabStatus> {
    return this.serial(() => this.stopNow());
  }

  private async stopNow(): Promise<LabStatus> {
    const lab = this.lab;
    if (!lab) return this.status();
    this.changed('stopping');
    await lab.stop();
    this.lab = null;
    this.notices = [];
    return this.changed('stopped');
  }

  private async saveState(state: LabState): Promise<Result<LabState, ApiError>> {
    const pki = this.pki!;
    const saved = await saveLabState(pki.dir, state);
    if (!saved.ok) return err({ code: 'store-error', message: saved.error.message });
    if (this.lab) this.lab.setTable(saved.value);
    else pki.state = saved.value;
    return saved;
  }

  /** The PKI, issued now if it never was (settings and table edits are kept in it). */
  private async issued(): Promise<Result<LabPki, ApiError>> {
    if (this.pki) return ok(this.pki);
    const made = await ensureLabPki(this.options.dataDir, this.now());
    if (!made.ok) {
      this.problem = made.error;
      return err(labError(made.error));
    }
    this.pki = made.value.pki;
    await this.refreshViews();
    return ok(this.pki);
  }

  /** Saves the settings; a running lab restarts with them. */
  configure(input: LabSettingsParsed): Promise<Result<LabStatus, ApiError>> {
    return this.serial(async () => {
      const pki = await this.issued();
      if (!pki.ok) return pki;
      const current = this.settings();
      const settings = { ...input, auth: mergeRedisPassword(input.auth, current.auth) };
      const saved = await this.saveState({ ...pki.value.state, settings });
      if (!saved.ok) return saved;
      // A failed start was about the settings just replaced: its message no longer holds.
      if (this.problem && SETTINGS_PROBLEMS.has(this.problem.code)) this.problem = null;
      if (!this.lab) return ok(this.changed());
      await this.stopNow();
      return this.startNow();
    });
  }

  /** Edits the built-in table; a running lab uses it from its next lookup. */
  editTable(edit: LabTableEdit): Promise<Result<LabStatus, ApiError>> {
    return this.serial(async () => {
      const pki = await this.issued();
      if (!pki.ok) return pki;
      const edited = await editLabTable(pki.value.state, edit);
      if (!edited.ok) return edited;
      const saved = await this.saveState(edited.value);
      if (!saved.ok) return saved;
      await this.refreshViews();
      return ok(this.changed());
    });
  }

  /** Issues a new lab (CA, devices, passwords), keeping the settings; a running lab restarts, and its profiles are made again. */
  regenerate(): Promise<Result<LabStatus, ApiError>> {
    return this.serial(async () => {
      const wasRunning = this.lab !== null;
      await this.stopNow();
      const keep = { settings: this.settings(), profiles: this.pki?.state.profiles };
      const made = await regenerateLabPki(this.options.dataDir, this.now());
      if (!made.ok) {
        this.problem = made.error;
        this.changed();
        return err(labError(made.error));
      }
      this.pki = made.value;
      this.problem = null;
      const saved = await this.saveState({
        ...made.value.state,
        settings: keep.settings,
        ...(keep.profiles ? { profiles: keep.profiles } : {}),
      });
      if (!saved.ok) return saved;
      await this.refreshViews();
      // A stopped lab's profiles are made again at its next start (they no longer fit its CA).
      if (wasRunning) return this.startNow();
      return ok(this.changed());
    });
  }

  /** Makes (or makes again) the Lab group of profiles for the running lab. */
  createProfiles(): Promise<Result<LabProfilesResult, ApiError>> {
    return this.serial(() => this.makeProfiles());
  }

  private async makeProfiles(): Promise<Result<LabProfilesResult, ApiError>> {
    const lab = this.lab;
    if (!lab) return err({ code: 'lab-failed', message: 'Start the lab first: its profiles point at the port it listens on.' });
    const profiles = this.options.profiles;
    const demo = await lab.demoProfiles();
    const entries = labProfileEntries(demo, lab.pki.state.profiles ?? {}, profiles.listProfiles(), this.now());
    const applied = await profiles.applyImport(entries);
    if (!applied.ok) return applied;
    if (applied.value.replaced.length > 0) this.options.onProfilesReplaced?.(applied.value.replaced.map((r) => r.profileId));
    const ids = Object.fromEntries([...applied.value.added, ...applied.value.replaced].map((r) => [r.key, r.profileId]));
    const saved = await this.saveState({ ...lab.pki.state, profiles: ids });
    if (!saved.ok) return saved;
    const groupId = profiles.listProfiles().find((p) => p.id === Object.values(ids)[0])?.groupId ?? null;
    this.changed();
    return ok({ groupId, added: applied.value.added.map((r) => r.profileId), replaced: applied.value.replaced.map((r) => r.profileId) });
  }

  /** The password a demo identity's profile sends, and the one the built-in table holds for its CN. */
  revealPassword(name: string): Result<{ name: string; password: string; tablePassword: string | null }, ApiError> {
    const identity = this.pki?.state.identities.find((i) => i.name === name);
    if (!identity) return err({ code: 'not-found', message: `The lab has no identity "${name}".` });
    return ok({ name, password: identity.password, tablePassword: identity.tablePassword });
  }

  /** Runs an auth source's lookup (the saved one, or settings to try) for one identity. */
  async testQuery(request: {
    identity: string;
    auth?: LabSettingsParsed['auth'] | undefined;
    reveal: boolean;
  }): Promise<Result<LabQueryResult, ApiError>> {
    const pki = await this.serial(() => this.issued());
    if (!pki.ok) return pki;
    const saved = this.settings().auth;
    const auth = request.auth ? mergeRedisPassword(request.auth, saved) : saved;
    return testAuthQuery(pki.value.dir, pki.value.state, auth, request.identity, request.reveal);
  }

  /** The recent events of every run, oldest first. */
  history(limit?: number): LabEvent[] {
    const all = this.log.recent();
    return limit === undefined ? all : all.slice(-limit);
  }

  /** The lab's side of the attempt a stored report describes. */
  attemptEvents(profileId: string, reportId: string): Result<LabAttemptEvents, ApiError> {
    const kept = this.captured.get(reportId);
    if (kept) return ok({ profileId, reportId, events: kept });
    const reports = this.options.profiles.reports(profileId);
    if (!reports.ok) return reports;
    const report = reports.value.find((r) => r.id === reportId);
    return ok({ profileId, reportId, events: report ? labEventsOf(report, this.log.recent()) : [] });
  }

  /** Hears every attempt's report: keeps the lab's side of it, and again once the lab's close of it is in. */
  noteReport(profileId: string, report: ConnectReport): void {
    if (!this.ran) return;
    const started = Date.now();
    // An accepted connection stays open: its close is not awaited.
    const open = report.verdict === 'accepted' || report.verdict === 'accepted-with-warnings';
    const capture = () => {
      const events = labEventsOf(report, this.log.recent());
      if (events.length > 0 && events.length !== this.captured.get(report.id)?.length) this.keep(profileId, report.id, events);
      const done = events.some((e) => e.kind === 'closed') || (open && events.length > 0) || Date.now() - started >= CLOSE_WAIT_MS;
      if (done) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        capture();
      }, 100);
      timer.unref();
      this.timers.add(timer);
    };
    capture();
  }

  private keep(profileId: string, reportId: string, events: LabEvent[]): void {
    this.captured.delete(reportId);
    this.captured.set(reportId, events);
    if (this.captured.size > CAPTURED_LIMIT) this.captured.delete(this.captured.keys().next().value!);
    this.options.onAttempt?.({ profileId, reportId, events });
  }

  /** Stops the lab (the host is closing). */
  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.serial(() => this.stopNow());
  }
}

/** `127.0.0.1:8883`, `[::1]:8883`: an IPv6 address in brackets (RFC 3986 section 3.2.2). */
function hostPorts(addresses: readonly string[], port: number): string[] {
  return addresses.map((a) => (a.includes(':') ? `[${a}]:${port}` : `${a}:${port}`));
}

/** Start failures caused by the port or auth settings (not by the PKI). */
const SETTINGS_PROBLEMS = new Set(['port-in-use', 'listen-failed', 'config-invalid']);
