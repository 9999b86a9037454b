/**
 * The settings window: pairing, custom domain, expiry rules, hotkeys, captures, uploads, recording, updates, and About
 * (the version, the log folder and a button that opens it).
 * The form is filled from getSettings(), edited locally, and saved as one SettingsPatch; refused
 * fields come back in `errors` (key = dotted field path, e.g. `hotkeys.captureRegion`) and are shown
 * next to the field they belong to (the closest `data-error-for` prefix), the rest is saved.
 */
import type { AboutInfo, Settings } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $, announce } from '../shared/dom.ts';
import { showDomainStatus, verifyDomain } from './domain-status.ts';
import { fillExpirySelect } from './expiry-select.ts';
import { extensionRules } from './extension-rules.ts';
import { clearErrors, showErrors } from './field-errors.ts';
import { CAPTURE_KINDS, input, KINDS, select } from './form-fields.ts';
import { hotkeyFields } from './hotkey-fields.ts';
import { readPatch } from './read-form.ts';

const api = traydrop();

const form = $<HTMLFormElement>('#settings');
const saveStatus = $('#save-status');

let current: Settings | null = null;
let dirty = false;

// ---- building blocks ----

for (const el of document.querySelectorAll<HTMLSelectElement>('select.expiry')) {
  fillExpirySelect(el, el.dataset.kind !== undefined);
}
select('ext-new-expiry').value = '7d';

const hotkeys = hotkeyFields($('#hotkeys'), () => markDirty());
const byExtension = extensionRules(() => markDirty());

// ---- showing settings ----

function render(settings: Settings): void {
  current = settings;
  const paired = settings.serverUrl !== null && settings.userId !== null;
  $('#paired').hidden = !paired;
  $('#pairing').hidden = paired;
  $('#paired-server').textContent = settings.serverUrl ?? '';
  $('#paired-user').textContent = settings.userId ?? '';
  input('server-url').value = settings.serverUrl ?? input('server-url').value;

  input('custom-domain').value = settings.customDomain ?? '';

  const rules = settings.expiryRules;
  select('expiry-default').value = rules.default;
  for (const kind of KINDS) select(`expiry-${kind}`).value = rules.byKind[kind] ?? '';
  byExtension.show(rules.byExtension);

  hotkeys.show(settings.hotkeys);

  input('naming-screenshot').value = settings.naming.screenshot;
  input('naming-recording').value = settings.naming.recording;
  input('captures-folder').value = settings.capturesFolder;
  const retention = settings.retention;
  select('retention').value = typeof retention === 'object' ? 'days' : retention;
  input('retention-days').value = typeof retention === 'object' ? String(retention.days) : '7';
  syncRetention();

  for (const kind of KINDS) input(`early-${kind}`).checked = settings.earlyCopy[kind];
  for (const kind of CAPTURE_KINDS) select(`after-${kind}`).value = settings.afterCapture[kind];
  input('zip-folders').checked = settings.zipFolders;
  input('watched-folder').value = settings.watchedFolder ?? '';
  input('launch-at-login').checked = settings.launchAtLogin;
  input('updates-enabled').checked = settings.updates.enabled;
  input('updates-feed').value = settings.updates.feedUrl ?? '';
  input('rec-fps').value = String(settings.recording.fps);
  input('rec-gif').checked = settings.recording.gif;
  input('rec-microphone').checked = settings.recording.microphone;
  input('rec-gif-max').value = String(settings.recording.gifMaxMegabytes);
  syncGif();
  dirty = false;
}

function showAbout(about: AboutInfo): void {
  $('#about-version').textContent = about.version;
  $('#about-log-folder').textContent = about.logFolder;
}

function syncRetention(): void {
  const days = select('retention').value === 'days';
  input('retention-days').hidden = !days;
  $('#retention-days-unit').hidden = !days;
}

function syncGif(): void {
  input('rec-gif-max').disabled = !input('rec-gif').checked;
}

function markDirty(): void {
  dirty = true;
  announce(saveStatus, 'Unsaved changes');
}

// ---- actions ----

async function save(): Promise<void> {
  clearErrors();
  const { patch, errors } = readPatch(hotkeys, byExtension.read());
  if (Object.keys(errors).length > 0) {
    showErrors(errors);
    announce(saveStatus, 'Fix the marked fields, then save again.', 'error');
    document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    return;
  }
  const button = $<HTMLButtonElement>('#save');
  button.disabled = true;
  announce(saveStatus, 'Saving…');
  try {
    const result = await api.saveSettings(patch);
    hotkeys.showStatus(result.hotkeys);
    if (Object.keys(result.errors).length > 0) {
      showErrors(result.errors);
      announce(saveStatus, 'Saved, except the marked fields.', 'error');
    } else {
      render(result.settings);
      announce(saveStatus, 'Saved', 'ok');
    }
    void api.getDomainStatus().then(showDomainStatus, () => undefined);
  } catch (error) {
    announce(saveStatus, `Could not save: ${messageOf(error)}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function pair(): Promise<void> {
  const error = $('#pair-error');
  const serverUrl = input('server-url').value.trim();
  const token = input('pair-token').value.trim();
  error.textContent = '';
  try {
    const url = new URL(serverUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    error.textContent = 'Enter the server address, like https://share.example.com.';
    input('server-url').focus();
    return;
  }
  if (token === '') {
    error.textContent = 'Paste the pairing token.';
    input('pair-token').focus();
    return;
  }
  const button = $<HTMLButtonElement>('#pair');
  button.disabled = true;
  try {
    const result = await api.pair(serverUrl, token);
    if (!result.ok) {
      error.textContent = result.error ?? 'Pairing failed.';
      return;
    }
    input('pair-token').value = '';
    render({ ...(current ?? (await api.getSettings())), serverUrl, userId: result.userId });
    $('#share-base').textContent = result.shareBaseUrl ? `Links: ${result.shareBaseUrl}/…` : '';
    announce(saveStatus, 'Paired', 'ok');
    void api.getDomainStatus().then(showDomainStatus, () => undefined);
    $<HTMLButtonElement>('#unpair').focus();
  } catch (e) {
    error.textContent = messageOf(e);
  } finally {
    button.disabled = false;
  }
}

async function unpair(): Promise<void> {
  if (!window.confirm('Unpair this computer? Queued uploads wait until you pair again.')) return;
  await api.unpair();
  $('#share-base').textContent = '';
  render(await api.getSettings());
  announce(saveStatus, 'Unpaired', 'ok');
  input('server-url').focus();
}

async function chooseFolder(purpose: 'captures' | 'watched'): Promise<void> {
  const folder = await api.chooseFolder(purpose);
  if (folder === null) return;
  input(purpose === 'captures' ? 'captures-folder' : 'watched-folder').value = folder;
  markDirty();
}

async function openLogFolder(): Promise<void> {
  const error = $('#log-folder-error');
  error.textContent = '';
  try {
    await api.openLogFolder();
  } catch (e) {
    error.textContent = `Could not open it: ${messageOf(e)}`;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void save();
});
form.addEventListener('input', (event) => {
  const target = event.target as HTMLElement;
  if (target.id !== 'pair-token' && target.id !== 'server-url' && target.id !== 'ext-new') markDirty();
});
form.addEventListener('change', (event) => {
  const target = event.target as HTMLElement;
  if (target.id === 'retention') syncRetention();
  if (target.id === 'rec-gif') syncGif();
});
input('ext-new').addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    byExtension.add();
  }
});
$('#ext-add').addEventListener('click', () => byExtension.add());
$('#pair').addEventListener('click', () => void pair());
input('pair-token').addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    void pair();
  }
});
$('#unpair').addEventListener('click', () => void unpair());
$('#verify-domain').addEventListener('click', () => void verifyDomain(() => api.verifyDomain()));
$('#open-log-folder').addEventListener('click', () => void openLogFolder());
$('#choose-captures').addEventListener('click', () => void chooseFolder('captures'));
$('#choose-watched').addEventListener('click', () => void chooseFolder('watched'));
$('#clear-watched').addEventListener('click', () => {
  input('watched-folder').value = '';
  markDirty();
});
$('#revert').addEventListener('click', () => {
  clearErrors();
  if (current) render(current);
  announce(saveStatus, 'Changes undone');
});

api.onSettingsChanged((settings) => {
  if (!dirty) render(settings);
});

async function load(): Promise<void> {
  try {
    // the recorder reads metaKey as Cmd or Super: main says which platform this is
    const [settings, platform] = await Promise.all([api.getSettings(), api.getPlatform()]);
    hotkeys.setPlatform(platform);
    render(settings);
  } catch (error) {
    announce($('#summary'), `Could not load the settings: ${messageOf(error)}`, 'error');
    return;
  }
  const [status, domain, about] = await Promise.allSettled([
    api.getHotkeyStatus(),
    api.getDomainStatus(),
    api.getAbout(),
  ]);
  if (status.status === 'fulfilled') hotkeys.showStatus(status.value);
  if (domain.status === 'fulfilled') showDomainStatus(domain.value);
  if (about.status === 'fulfilled') showAbout(about.value);
  document.body.dataset.ready = 'true';
}

void load();
