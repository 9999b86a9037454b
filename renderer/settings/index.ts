/**
 * The settings window: pairing, custom domain, expiry rules, hotkeys, captures, uploads, recording, updates, and About
 * (the version, the log folder and a button that opens it).
 * The form is filled from getSettings(), edited locally, and saved as one SettingsPatch; refused
 * fields come back in `errors` (key = dotted field path, e.g. `hotkeys.captureRegion`) and are shown
 * next to the field they belong to (the closest `data-error-for` prefix), the rest is saved.
 */
import type { Expiry } from '../../common/expiry.ts';
import type { AboutInfo, DomainStatus, Settings } from '../../common/ipc-contract.ts';
import { messageOf, traydrop } from '../shared/api.ts';
import { $, announce, h } from '../shared/dom.ts';
import { fillExpirySelect } from './expiry-select.ts';
import { clearErrors, showErrors } from './field-errors.ts';
import { CAPTURE_KINDS, input, KINDS, select } from './form-fields.ts';
import { hotkeyFields } from './hotkey-fields.ts';
import { readPatch } from './read-form.ts';

const api = traydrop();

const form = $<HTMLFormElement>('#settings');
const saveStatus = $('#save-status');

let current: Settings | null = null;
let extensionRules: [string, Expiry][] = [];
let dirty = false;

// ---- building blocks ----

for (const el of document.querySelectorAll<HTMLSelectElement>('select.expiry')) {
  fillExpirySelect(el, el.dataset.kind !== undefined);
}
select('ext-new-expiry').value = '7d';

const hotkeys = hotkeyFields($('#hotkeys'), () => markDirty());

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
  extensionRules = Object.entries(rules.byExtension).sort(([a], [b]) => a.localeCompare(b));
  renderExtensionRules();

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

function renderExtensionRules(): void {
  const body = $('#ext-rules');
  body.replaceChildren(
    ...extensionRules.map(([ext, expiry], index) => {
      const id = `ext-rule-${ext}`;
      const choice = h('select', { id, class: 'expiry', 'data-ext': ext });
      fillExpirySelect(choice, false);
      choice.value = expiry;
      choice.addEventListener('change', () => {
        extensionRules[index] = [ext, choice.value as Expiry];
        markDirty();
      });
      return h(
        'tr',
        { 'data-ext': ext },
        h('td', {}, h('label', { for: id }, h('code', {}, `.${ext}`))),
        h('td', {}, choice),
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'small',
              'aria-label': `Remove the rule for .${ext}`,
              onclick: () => {
                extensionRules.splice(index, 1);
                renderExtensionRules();
                markDirty();
                input('ext-new').focus();
              },
            },
            'Remove',
          ),
        ),
      );
    }),
  );
}

function showDomainStatus(status: DomainStatus): void {
  const badge = $('#domain-status');
  const instructions = $('#domain-instructions');
  const tone = { none: '', pending: 'warn', verified: 'ok', error: 'error' }[status.state];
  badge.textContent = { none: 'not set', pending: 'pending', verified: 'verified', error: 'error' }[status.state];
  badge.dataset.tone = tone;
  instructions.hidden = status.state !== 'pending' && status.state !== 'error';
  instructions.textContent =
    status.state === 'pending' ? status.instructions : status.state === 'error' ? status.message : '';
  $<HTMLButtonElement>('#verify-domain').disabled = status.state === 'none' || status.state === 'verified';
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
  const { patch, errors } = readPatch(hotkeys, extensionRules);
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

function addExtensionRule(): void {
  const error = $('#ext-error');
  const raw = input('ext-new').value.trim().replace(/^\.+/, '').toLowerCase();
  if (!/^[a-z0-9]{1,16}$/.test(raw)) {
    error.textContent = 'An extension is 1 to 16 letters or digits, like mp4 or png.';
    input('ext-new').setAttribute('aria-invalid', 'true');
    input('ext-new').focus();
    return;
  }
  error.textContent = '';
  input('ext-new').removeAttribute('aria-invalid');
  const expiry = select('ext-new-expiry').value as Expiry;
  const existing = extensionRules.findIndex(([ext]) => ext === raw);
  if (existing >= 0) extensionRules[existing] = [raw, expiry];
  else extensionRules.push([raw, expiry]);
  extensionRules.sort(([a], [b]) => a.localeCompare(b));
  renderExtensionRules();
  input('ext-new').value = '';
  input('ext-new').focus();
  markDirty();
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

async function verifyDomain(): Promise<void> {
  const button = $<HTMLButtonElement>('#verify-domain');
  button.disabled = true;
  try {
    showDomainStatus(await api.verifyDomain());
  } catch (error) {
    showDomainStatus({ state: 'error', message: messageOf(error) });
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
    addExtensionRule();
  }
});
$('#ext-add').addEventListener('click', addExtensionRule);
$('#pair').addEventListener('click', () => void pair());
input('pair-token').addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    void pair();
  }
});
$('#unpair').addEventListener('click', () => void unpair());
$('#verify-domain').addEventListener('click', () => void verifyDomain());
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
