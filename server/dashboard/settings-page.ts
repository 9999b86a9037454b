/**
 * The Settings page: the expiry rules and the custom domain, the same data the app's settings window edits
 * through GET/PUT /v1/settings (server/settings/user-settings.ts), and the domain's verification. The form's
 * fields map onto UserSettings in settingsFromForm; every check is putSettings's own.
 */
import type { SettingsResponse, UserSettings } from '../../common/broker-api.ts';
import type { Expiry } from '../../common/expiry.ts';
import type { ExpiryRules, UploadKind } from '../../common/expiry-rules.ts';
import { esc } from '../share/html.ts';

const KINDS: { kind: UploadKind; label: string }[] = [
  { kind: 'screenshot', label: 'Screenshots' },
  { kind: 'recording', label: 'Recordings' },
  { kind: 'file', label: 'Other files' },
];

const EXPIRY_LABEL: Record<Expiry, string> = {
  '1d': '1 day',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '365d': '1 year',
  never: 'Never',
};

function expirySelect(name: string, label: string, value: Expiry | undefined, allowed: Expiry[], blank?: string) {
  const values = value !== undefined && !allowed.includes(value) ? [...allowed, value] : allowed;
  const options = [
    ...(blank === undefined
      ? []
      : [`<option value=""${value === undefined ? ' selected' : ''}>${esc(blank)}</option>`]),
    ...values.map((v) => `<option value="${v}"${v === value ? ' selected' : ''}>${EXPIRY_LABEL[v]}</option>`),
  ];
  // label beside the select, not around it: the label's text is then its name alone, not its options' too
  const id = `expiry-${name.replace('.', '-')}`;
  return `<div class="field"><label for="${id}">${esc(label)}</label><select id="${id}" name="${name}">${options.join('')}</select></div>`;
}

const extensionLines = (rules: ExpiryRules): string =>
  Object.entries(rules.byExtension)
    .map(([ext, expiry]) => `${ext}=${expiry}`)
    .join('\n');

/** The form's fields as UserSettings; malformed lines become a message (putSettings checks the values). */
export function settingsFromForm(form: URLSearchParams): UserSettings {
  const byKind: Record<string, string> = {};
  for (const { kind } of KINDS) {
    const value = form.get(`kind.${kind}`) ?? '';
    if (value !== '') byKind[kind] = value;
  }
  const byExtension: Record<string, string> = {};
  for (const line of (form.get('extensions') ?? '').split(/\r?\n|,/)) {
    if (line.trim() === '') continue;
    const m = /^\s*\.?([^=\s]+)\s*=\s*(\S+)\s*$/.exec(line);
    if (!m) throw new Error(`"${line.trim()}" is not a rule: write one extension=expiry per line, such as mp4=7d`);
    byExtension[m[1]!.toLowerCase()] = m[2]!;
  }
  const domain = (form.get('customDomain') ?? '').trim();
  return {
    expiryRules: { default: form.get('default') ?? '', byKind, byExtension } as unknown as ExpiryRules,
    customDomain: domain === '' ? null : domain,
  };
}

function domainPart(s: SettingsResponse, csrf: string): string {
  const st = s.domainStatus;
  if (!st) return '<p class="sub">No custom domain: your links use the server’s address.</p>';
  const state = st.verified
    ? `<p id="domain-state"><b>${esc(st.domain)}</b>: verified. Your links use https://${esc(st.domain)}/.</p>`
    : `<p id="domain-state"><b>${esc(st.domain)}</b>: not verified yet. Prove it is yours in one of two ways, then press Verify:</p>
<ul><li>Point the domain at this server: it will answer <code>${esc(st.httpCheckUrl)}</code> with the token.</li>
<li>Or add a DNS TXT record <code>${esc(st.txtName)}</code> with the value <code>${esc(st.txtValue)}</code>.</li></ul>
<form method="post" action="/dashboard/settings/verify"><input type="hidden" name="_csrf" value="${esc(csrf)}">
<button class="btn" type="submit">Verify ${esc(st.domain)}</button></form>`;
  return state;
}

export function settingsPage(s: SettingsResponse, allowed: Expiry[], csrf: string, notice: string | null): string {
  const rules = s.expiryRules;
  const kinds = KINDS.map(({ kind, label }) =>
    expirySelect(`kind.${kind}`, label, rules.byKind[kind], allowed, 'As the default'),
  ).join('');
  return `<h1>Settings</h1>${notice ? `<p class="notice" role="status">${esc(notice)}</p>` : ''}
<form method="post" action="/dashboard/settings"><input type="hidden" name="_csrf" value="${esc(csrf)}">
<div class="card"><h2>How long links live</h2><p class="sub">The most specific rule wins: the file's extension, then its kind, then the default. The app and the <code>traydrop</code> command use these rules too.</p>
<div class="forms">${expirySelect('default', 'Default', rules.default, allowed)}${kinds}</div>
<label class="field"><span>By extension, one per line (such as <code>mp4=7d</code>)</span><textarea name="extensions" rows="3">${esc(extensionLines(rules))}</textarea></label></div>
<div class="card"><h2>Custom domain</h2><label class="field">Domain for your links (empty for none)<input name="customDomain" value="${esc(s.customDomain ?? '')}" placeholder="files.example.com" autocomplete="off"></label>
<p class="sub">Links use it once it is verified. Changing it starts a new verification.</p></div>
<p><button class="btn primary" type="submit">Save settings</button></p></form>
<div class="card"><h2>Domain verification</h2>${domainPart(s, csrf)}</div>`;
}
