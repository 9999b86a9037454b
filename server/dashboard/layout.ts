/**
 * The dashboard's page shell: server-rendered HTML with no script at all (the share pages' CSP: styles only
 * from one nonce'd block, images from this origin), light and dark from prefers-color-scheme, one column on a
 * phone. Every action is a plain form: it works without script, and the strict CSP costs nothing.
 */
import { esc } from '../share/html.ts';

export interface DashboardHead {
  title: string;
  nonce: string;
  /** The signed-in user and the page's CSRF token; absent on the sign-in and signed-out pages. */
  user?: { name: string; csrf: string; admin?: boolean };
  /** Which nav item is the current page. */
  current?: 'files' | 'devices' | 'usage' | 'settings' | 'sessions' | 'passkeys' | 'password' | 'admin';
  /** Loads /dashboard/copy.js (the page's CSP must allow `script-src 'self'`: send-page.ts). */
  script?: boolean;
  /** Loads the passkey scripts (server/dashboard/passkey-script.ts), under the same CSP. */
  passkeys?: boolean;
}

const CSS = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#14171c;--muted:#545d69;--line:#d5dae0;
--accent:#1d4ed8;--accent-fg:#fff;--link:#1d4ed8;--danger:#b91c1c;--ok:#166534;--warn:#92400e;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#0e1116;--card:#161b22;--fg:#e6edf3;--muted:#9aa4af;--line:#2f3742;
--accent:#1d4ed8;--link:#7cb0ff;--danger:#f87171;--ok:#4ade80;--warn:#fbbf24}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg)}
a{color:var(--link)}
.top{display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap;padding:.6rem clamp(.75rem,3vw,2rem);
background:var(--card);border-bottom:1px solid var(--line)}
.brand{font-weight:700;font-size:1.05rem;color:var(--fg);text-decoration:none}
.top nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.top nav a{text-decoration:none;font-weight:600;padding:.25rem 0}
.top nav a[aria-current=page]{border-bottom:2px solid var(--link)}
.who{color:var(--muted);font-size:.875rem}
main{max-width:1200px;margin:0 auto;padding:clamp(.75rem,3vw,2rem)}
h1{font-size:1.35rem;margin:.25rem 0 1rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1rem 1.25rem;margin-bottom:1rem}
.center{max-width:32rem;margin:3rem auto;text-align:center}
.center p{color:var(--muted)}
.btn{display:inline-flex;align-items:center;gap:.4rem;padding:.45rem .9rem;border-radius:8px;font:inherit;font-weight:600;
text-decoration:none;border:1px solid var(--line);color:var(--fg);background:transparent;cursor:pointer}
.btn.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
.btn.danger{color:var(--danger);border-color:var(--danger)}
.linkish{background:none;border:0;padding:0;font:inherit;font-weight:600;color:var(--link);cursor:pointer;text-decoration:underline}
form.inline{display:inline}
.filters{display:flex;gap:.75rem;flex-wrap:wrap;align-items:flex-end;margin-bottom:1rem}
.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.2rem}
input[type=search],select{font:inherit;padding:.4rem .6rem;border-radius:8px;border:1px solid var(--muted);background:var(--card);color:var(--fg)}
input[type=search]{min-width:14rem}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.5rem .5rem;border-bottom:1px solid var(--line);vertical-align:middle}
th{font-size:.8rem;color:var(--muted);font-weight:600}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.thumb{width:48px;height:48px;object-fit:cover;border-radius:6px;display:block;background:var(--line)}
.thumb.none{display:flex;flex-direction:column;align-items:center;justify-content:center;font-size:.65rem;line-height:1.1;color:var(--muted);font-weight:600;text-transform:uppercase}
.kind-icon{width:24px;height:24px;display:block}
.name a{font-weight:600;word-break:break-all}
.exact{display:block;color:var(--muted);font-size:.8rem;white-space:nowrap}
.sub{display:block;color:var(--muted);font-size:.8rem;overflow-wrap:anywhere}
.state{font-weight:600;font-size:.85rem}
.state.live{color:var(--ok)}.state.expired{color:var(--danger)}.state.limited{color:var(--warn)}.state.uploading{color:var(--link)}
.name .title{font-weight:600;word-break:break-all}
.bar{display:flex;gap:1rem;justify-content:space-between;align-items:center;flex-wrap:wrap;margin-top:1rem}
.pages{display:flex;gap:1rem}
.empty{color:var(--muted);padding:2rem 0;text-align:center}
.notice{border-left:4px solid var(--ok);padding:.5rem 1rem;margin-bottom:1rem;background:var(--card)}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
h2{font-size:1.05rem;margin:0 0 .5rem}
.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;margin-bottom:1rem}
.preview-box{display:flex;justify-content:center;background:var(--bg);border-radius:8px;padding:.5rem;margin-bottom:1rem}
img.big{max-width:100%;max-height:50vh;height:auto;display:block}
.linkbar{display:flex;gap:.5rem;align-items:flex-end;flex-wrap:wrap}
.field{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:.2rem;margin:.5rem 0}
.field.grow{flex:1;min-width:12rem}
.field textarea{font:inherit;padding:.4rem .6rem;border-radius:8px;border:1px solid var(--muted);background:var(--card);color:var(--fg)}
.spaced{margin-top:1rem}
.field input{font:inherit;padding:.4rem .6rem;border-radius:8px;border:1px solid var(--muted);background:var(--card);color:var(--fg)}
.field select{max-width:100%}
.check{display:flex;gap:.4rem;align-items:center;margin:.5rem 0}
.forms{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:0 1rem}
.chart{margin:0 0 1.25rem}
.chart figcaption{font-weight:600;margin-bottom:.25rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;justify-content:space-between}
.legend{font-weight:400;font-size:.8rem;color:var(--muted)}
.key{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin:0 .3rem 0 .6rem;vertical-align:-1px}
.chart svg{width:100%;height:auto;display:block}
.chart rect.people,.key.people{fill:var(--link);background:var(--link)}
.chart rect.bots,.key.bots{fill:var(--muted);background:var(--muted)}
.chart .axis{stroke:var(--line)}
.chart .tick{fill:var(--muted);font-size:12px}
.chart details{font-size:.85rem}
.chart details table{max-width:28rem}
/* usage bars (usage-bar.ts): the numbers are the text beside them; the bar only repeats them */
.meter{margin:.75rem 0 1.25rem}
.meter .what{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;font-weight:600}
.meter svg{width:100%;height:14px;display:block;margin-top:.3rem}
.meter rect.track{fill:var(--line)}
.meter rect.used{fill:var(--link)}
.meter.over rect.used{fill:var(--danger)}
.meter .state{display:block;margin-top:.25rem}
.over-text{color:var(--danger);font-weight:600}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.75rem;margin:0}
.totals div{background:var(--bg);border-radius:8px;padding:.6rem .8rem}
.totals dt{font-size:.8rem;color:var(--muted)}
.totals dd{margin:0;font-size:1.2rem;font-weight:700;font-variant-numeric:tabular-nums}
.totals.identity dd{font-size:1rem;overflow-wrap:anywhere}
.qr{background:#fff;padding:.5rem;border-radius:8px;width:min(18rem,100%);margin:.5rem 0}
.qr svg{width:100%;height:auto;display:block}
.wrap{overflow-x:auto}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.error{border-left:4px solid var(--danger);padding:.5rem 1rem;margin-bottom:1rem;background:var(--card)}
.stack{text-align:left;margin:1rem 0}
.name-input{font:inherit;padding:.4rem .6rem;min-height:2.25rem;width:12rem;max-width:100%;border-radius:8px;border:1px solid var(--muted);background:var(--card);color:var(--fg)}
.center p.problem,.problem{color:var(--danger);font-weight:600}
code.secret{word-break:break-all}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
@media (max-width:700px){
  table.passkeys thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.passkeys,table.passkeys tbody,table.passkeys tr,table.passkeys td{display:block;width:100%;border:0}
  table.passkeys tr{padding:.75rem 0;border-bottom:1px solid var(--line)}
  table.passkeys td{padding:.2rem 0}
  table.files thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.files,table.files tbody,table.files tr,table.files td{display:block;width:100%}
  table.files tr{display:grid;grid-template-columns:1.5rem 56px minmax(0,1fr);gap:.15rem .75rem;padding:.75rem 0;border-bottom:1px solid var(--line)}
  table.files td{border:0;padding:0}
  table.files td.pick{grid-row:span 2;align-self:center}
  table.files td.preview{grid-row:span 2}
  table.files td.num,table.files td.meta{grid-column:3;font-size:.85rem}
  table.files td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}
}
`;

const PASSKEY_SCRIPTS =
  '\n<script src="/dashboard/webauthn.js" defer></script>\n<script src="/dashboard/passkeys.js" defer></script>';

function topBar(head: DashboardHead): string {
  if (!head.user) return `<header class="top"><span class="brand">Traydrop</span></header>`;
  const cur = (page: DashboardHead['current']) => (head.current === page ? ' aria-current="page"' : '');
  return `<header class="top"><a class="brand" href="/dashboard">Traydrop</a>
<nav aria-label="Dashboard"><a href="/dashboard"${cur('files')}>Files</a><a href="/dashboard/devices"${cur('devices')}>Devices</a>
<a href="/dashboard/usage"${cur('usage')}>Usage</a><a href="/dashboard/settings"${cur('settings')}>Settings</a><a href="/dashboard/sessions"${cur('sessions')}>Sessions</a><a href="/dashboard/passkeys"${cur('passkeys')}>Passkeys</a><a href="/dashboard/password"${cur('password')}>Password</a>
${head.user.admin ? `<a href="/dashboard/admin"${cur('admin')}>Admin</a>` : ''}
<span class="who">${esc(head.user.name)}</span>
<form class="inline" method="post" action="/dashboard/sign-out"><input type="hidden" name="_csrf" value="${esc(head.user.csrf)}">
<button class="linkish" type="submit">Sign out</button></form></nav></header>`;
}

export function dashboardPage(head: DashboardHead, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex">
<title>${esc(head.title)} · Traydrop</title>
<style nonce="${head.nonce}">${CSS}</style>${head.script ? '\n<script src="/dashboard/copy.js" defer></script>' : ''}${head.passkeys ? PASSKEY_SCRIPTS : ''}</head>
<body>${topBar(head)}<main>${body}</main></body></html>
`;
}
