/**
 * A TEST implementation of the IPC contract for the renderer page tests, backed by the real core:
 * pairing asks the real server (BrokerClient.me), dropped files go through the real `enqueue` into a
 * real `Journal` in a temp config folder and are uploaded by a real `QueueRunner` to the real RGW;
 * history comes from the server's file index (GET /v1/files); expiry rules are validated by the
 * shared parser and synced to the server (PUT /v1/settings), like the app's settings store. What
 * needs a desktop (hotkeys, folders dialogs, clipboard, the shell) is recorded, with a fake hotkey
 * registry in which CommandOrControl+Shift+3 is "taken by another app".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiPath, FILES_API, type SettingsResponse, type UserSettings } from '../../common/broker-api.ts';
import { DEFAULT_EXPIRY_RULES, parseExpiryRules } from '../../common/expiry-rules.ts';
import type {
  DomainStatus,
  HotkeyAction,
  HotkeyStatus,
  JobView,
  SaveSettingsResult,
  Settings,
  SettingsPatch,
} from '../../common/ipc-contract.ts';
import { BrokerClient } from '../../main/credentials/broker-client.ts';
import { CredentialProvider } from '../../main/credentials/credential-provider.ts';
import { enqueue, type Job, Journal, QueueRunner } from '../../main/queue/queue.ts';
import type { RendererEvents, TestApi } from './renderer-page.ts';
import { listHistory } from '../../main/app/services/history.ts';
import { serverApi } from '../../main/app/services/server-api.ts';
import { contentTypeFor } from '../../main/share/content-type.ts';

export const TAKEN_ACCELERATOR = 'CommandOrControl+Shift+3';
const ACCELERATOR =
  /^((CommandOrControl|Command|Control|Ctrl|Alt|Option|Shift|Super|Meta)\+)*([A-Z0-9]|F([1-9]|1\d|2[0-4])|Space|Plus|Up|Down|Left|Right|Home|End|PageUp|PageDown|Insert|PrintScreen|Enter|Escape)$/;

export function defaultSettings(dir: string): Settings {
  return {
    serverUrl: null,
    userId: null,
    customDomain: null,
    expiryRules: structuredClone(DEFAULT_EXPIRY_RULES),
    hotkeys: {
      captureScreen: 'CommandOrControl+Shift+1',
      captureRegion: 'CommandOrControl+Shift+2',
      captureWindow: '',
      recordScreen: 'CommandOrControl+Shift+5',
      recordRegion: '',
      toggleDropWindow: 'CommandOrControl+Shift+D',
      uploadClipboard: 'CommandOrControl+Shift+U',
    },
    naming: { screenshot: 'Screenshot {date} at {time}', recording: 'Recording {date} at {time}' },
    capturesFolder: path.join(dir, 'Captures'),
    retention: { days: 30 },
    earlyCopy: { screenshot: true, recording: true, file: true },
    launchAtLogin: false,
    zipFolders: true,
    watchedFolder: null,
    recording: { gif: false, gifMaxMegabytes: 10, fps: 30 },
  };
}

export interface CoreApi {
  api: TestApi;
  settings: Settings;
  journal: Journal;
  /** Desktop side effects the pages asked for: copyLink, openLink, revealLocal, chooseFolder. */
  effects: [string, string][];
  /** Set by the test: where main → renderer events go (harness.emit). */
  emit: <K extends keyof RendererEvents>(event: K, payload: RendererEvents[K]) => void;
  runner(): QueueRunner | null;
  close(): Promise<void>;
}

export function jobView(job: Job, live?: number): JobView {
  const bytes = job.fingerprint.size;
  return {
    id: job.id,
    name: path.basename(job.source),
    kind: job.kind,
    state: job.state,
    url: job.url,
    bytes,
    sentBytes: job.state === 'done' ? bytes : (live ?? job.progressBytes),
    error: job.error,
    expire: job.expire,
    createdAt: new Date(job.createdAt).toISOString(),
    localPath: existsSync(job.source) ? job.source : null,
  };
}

function hotkeyStatuses(hotkeys: Record<HotkeyAction, string>): HotkeyStatus[] {
  const seen = new Map<string, HotkeyAction>();
  return (Object.entries(hotkeys) as [HotkeyAction, string][]).map(([action, accelerator]) => {
    let error: string | null = null;
    if (accelerator === '') return { action, accelerator, registered: false, error: null };
    if (!ACCELERATOR.test(accelerator)) error = `“${accelerator}” is not a valid shortcut`;
    else if (accelerator === TAKEN_ACCELERATOR) error = 'Taken by another app: choose another shortcut';
    else if (seen.has(accelerator)) error = `Also set for ${seen.get(accelerator)}`;
    seen.set(accelerator, action);
    return { action, accelerator, registered: error === null, error };
  });
}

/** `dir`: a temp folder for the profile (queue.db), dropped files and captures. */
export async function createCoreApi(dir: string): Promise<CoreApi> {
  const journal = Journal.open(path.join(dir, 'profile'));
  const settings = defaultSettings(dir);
  const effects: [string, string][] = [];
  const live = new Map<string, number>();
  let pairing: { broker: BrokerClient; serverUrl: string; token: string; userId: string; shareBaseUrl: string } | null =
    null;
  let runner: QueueRunner | null = null;

  const core: CoreApi = {
    api: undefined as unknown as TestApi,
    settings,
    journal,
    effects,
    emit: () => {},
    runner: () => runner,
    close,
  };

  const listJobs = (): JobView[] =>
    journal
      .list()
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((job) => jobView(job, live.get(job.id)));
  const jobsChanged = () => core.emit('jobsChanged', listJobs());

  async function serverCall<T>(method: string, route: string, body?: unknown): Promise<T> {
    if (!pairing) throw new Error('Not paired with a server');
    const response = await fetch(pairing.serverUrl + route, {
      method,
      headers: {
        authorization: `Bearer ${pairing.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!response.ok)
      throw new Error((parsed as { message?: string } | undefined)?.message ?? `HTTP ${response.status}`);
    return parsed as T;
  }

  function domainStatus(answer: SettingsResponse): DomainStatus {
    const d = answer.domainStatus;
    if (!d) return { state: 'none' };
    if (d.verified) return { state: 'verified' };
    return {
      state: 'pending',
      instructions: `Point ${d.domain} at the share server, or add a TXT record ${d.txtName} with ${d.txtValue}.`,
    };
  }

  async function startRunner(): Promise<void> {
    await runner?.stop();
    if (!pairing) return;
    const { broker } = pairing;
    const credentials = new CredentialProvider({ fetch: () => broker.credentials() });
    runner = new QueueRunner({ journal, broker, credentials, pollMs: 100 });
    runner.events.on('job', (job) => {
      if (job.state !== 'uploading') live.delete(job.id);
      jobsChanged();
    });
    runner.events.on('progress', ({ id, sentBytes }) => {
      live.set(id, sentBytes);
      jobsChanged();
    });
  }

  function thumbnail(localPath: string | null, contentType: string): string | null {
    if (!localPath || !contentType.startsWith('image/') || statSync(localPath).size > 512 * 1024) return null;
    return `data:${contentType};base64,${readFileSync(localPath).toString('base64')}`;
  }

  const notRecorder = async (): Promise<never> => {
    throw new Error('refused: only the recorder page records');
  };
  const api: TestApi = {
    getRecorderRequest: async () => null,
    recorderStarted: notRecorder,
    recorderChunk: notRecorder,
    recorderFinished: notRecorder,
    async getSettings() {
      return structuredClone(settings);
    },
    async saveSettings(patch: SettingsPatch): Promise<SaveSettingsResult> {
      const errors: Record<string, string> = {};
      const { expiryRules, customDomain, hotkeys, ...rest } = patch;
      let rules = settings.expiryRules;
      if (expiryRules !== undefined) {
        try {
          rules = parseExpiryRules(expiryRules);
        } catch (error) {
          errors.expiryRules = (error as Error).message;
        }
      }
      let domain = customDomain === undefined ? settings.customDomain : customDomain;
      if (pairing && (expiryRules !== undefined || customDomain !== undefined)) {
        const body: UserSettings = { expiryRules: rules, customDomain: domain };
        try {
          const answer = await serverCall<SettingsResponse>('PUT', FILES_API.settings, body);
          rules = answer.expiryRules;
          domain = answer.customDomain;
        } catch (error) {
          errors.customDomain = (error as Error).message;
          domain = settings.customDomain;
        }
      }
      settings.expiryRules = rules;
      settings.customDomain = domain;
      if (hotkeys) {
        const statuses = hotkeyStatuses(hotkeys);
        for (const status of statuses) if (status.error) errors[`hotkeys.${status.action}`] = status.error;
        settings.hotkeys = hotkeys;
      }
      Object.assign(settings, structuredClone(rest));
      core.emit('settingsChanged', structuredClone(settings));
      return { settings: structuredClone(settings), hotkeys: hotkeyStatuses(settings.hotkeys), errors };
    },
    async pair(serverUrl, token) {
      const broker = new BrokerClient({ serverUrl, token, timeoutMs: 5000 });
      try {
        const me = await broker.me();
        pairing = { broker, serverUrl: broker.serverUrl, token, userId: me.userId, shareBaseUrl: me.shareBaseUrl };
      } catch (error) {
        return { ok: false, userId: null, shareBaseUrl: null, error: (error as Error).message };
      }
      settings.serverUrl = pairing.serverUrl;
      settings.userId = pairing.userId;
      const remote = await serverCall<SettingsResponse>('GET', FILES_API.settings);
      settings.expiryRules = remote.expiryRules;
      settings.customDomain = remote.customDomain;
      await startRunner();
      core.emit('settingsChanged', structuredClone(settings));
      return { ok: true, userId: pairing.userId, shareBaseUrl: pairing.shareBaseUrl, error: null };
    },
    async unpair() {
      await runner?.stop();
      runner = null;
      pairing = null;
      settings.serverUrl = null;
      settings.userId = null;
    },
    async getDomainStatus() {
      if (!pairing) return { state: 'none' };
      return domainStatus(await serverCall<SettingsResponse>('GET', FILES_API.settings));
    },
    async verifyDomain() {
      const answer = await serverCall<{ verified: boolean; settings: SettingsResponse }>(
        'POST',
        FILES_API.verifyDomain,
      );
      return answer.verified
        ? { state: 'verified' }
        : { state: 'error', message: 'Not verified yet: the domain does not answer with the token.' };
    },
    async chooseFolder(purpose) {
      const folder = path.join(dir, purpose === 'captures' ? 'Chosen captures' : 'Watched');
      effects.push(['chooseFolder', folder]);
      return folder;
    },
    async getHotkeyStatus() {
      return hotkeyStatuses(settings.hotkeys);
    },
    async listHistory(query) {
      if (!pairing) return { entries: [], nextCursor: null };
      // the production history code (main/app/services/history.ts) over the real server's API
      const { serverUrl, token } = pairing;
      const imageThumbnail = async (file: string) => {
        const type = contentTypeFor(file);
        return type.startsWith('image/') ? thumbnail(file, type) : null;
      };
      return listHistory(async () => serverApi(serverUrl, token), journal, imageThumbnail, query);
    },
    async listJobs() {
      return listJobs();
    },
    async copyLink(url) {
      effects.push(['copyLink', url]);
    },
    async openLink(url) {
      effects.push(['openLink', url]);
    },
    async revealLocal(file) {
      effects.push(['revealLocal', file]);
    },
    async deleteRemote(shareId) {
      await serverCall('DELETE', apiPath(FILES_API.file, shareId));
    },
    async retryJob(id) {
      if (!runner) throw new Error('Not paired with a server');
      await runner.retry(id);
      void runner.run();
      jobsChanged();
    },
    async cancelJob(id) {
      if (!runner) throw new Error('Not paired with a server');
      await runner.cancel(id);
      jobsChanged();
    },
    async shareFiles(files) {
      if (!pairing || !runner) throw new Error('Not paired: open Settings and pair with a server first.');
      const folder = await mkdtemp(path.join(dir, 'drop-'));
      const jobs: JobView[] = [];
      for (const file of files) {
        const target = path.join(folder, path.basename(file.name));
        await writeFile(target, Buffer.from(file.base64, 'base64'));
        const job = await enqueue(
          {
            journal,
            pairing: { userId: pairing.userId, shareBaseUrl: pairing.shareBaseUrl },
            rules: settings.expiryRules,
          },
          { path: target, kind: 'file' },
        );
        jobs.push(jobView(job));
      }
      void runner.run();
      jobsChanged();
      return jobs;
    },
    async getSelectorContext() {
      throw new Error('no selector in this test');
    },
    async finishSelection() {},
    async getRecordingState() {
      return { recording: false, startedAt: null, region: null };
    },
    async stopRecording() {},
  };
  core.api = api;

  async function close(): Promise<void> {
    await runner?.stop();
    journal.close();
  }
  return core;
}
