/**
 * The page shell every share page uses: no script at all, one nonce'd style block, dark and light
 * themes from prefers-color-scheme, a single column that fits a phone.
 */
import { esc } from '../html.ts';

export interface PageHead {
  title: string;
  nonce: string;
  /** Extra <meta> tags (OpenGraph, Twitter card), already escaped. */
  meta?: string;
  robots?: 'noindex';
}

const CSS = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--fg:#14171c;--muted:#5d6673;--line:#e3e6ea;
--accent:#2563eb;--accent-fg:#fff;--code:#f2f4f7;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--bg:#0e1116;--card:#161b22;--fg:#e6edf3;--muted:#8b949e;--line:#2b313a;
--accent:#2563eb;--code:#0b0f14}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:var(--bg);color:var(--fg);display:flex;flex-direction:column;align-items:center}
main{width:100%;max-width:960px;padding:clamp(.75rem,3vw,2rem);flex:1}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;overflow:hidden;box-shadow:0 1px 3px rgb(0 0 0/.06)}
header{display:flex;gap:1rem;align-items:center;justify-content:space-between;flex-wrap:wrap;padding:1rem 1.25rem;border-bottom:1px solid var(--line)}
h1{font-size:1.1rem;margin:0;word-break:break-all;font-weight:600}
.meta{color:var(--muted);font-size:.875rem;margin-top:.15rem}
.actions{display:flex;gap:.5rem;flex-wrap:wrap}
.btn{display:inline-flex;align-items:center;gap:.4rem;padding:.55rem 1rem;border-radius:9px;font-weight:600;font-size:.95rem;
text-decoration:none;border:1px solid var(--line);color:var(--fg);background:transparent;cursor:pointer}
.btn.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
.preview{display:flex;justify-content:center;align-items:center;background:var(--code);min-height:8rem}
.preview.text{display:block}
.preview img,.preview video{display:block;max-width:100%;max-height:75vh;height:auto}
.preview audio{width:100%;margin:2rem 1rem}
pre{margin:0;padding:1rem 1.25rem;overflow:auto;max-height:70vh;width:100%;font:13px/1.55 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre;tab-size:4}
@media (max-width:600px){pre{white-space:pre-wrap;overflow-wrap:anywhere}}
.note{padding:.75rem 1.25rem;color:var(--muted);font-size:.875rem;border-top:1px solid var(--line)}
.center{text-align:center;padding:3rem 1.25rem}
.center .icon{font-size:2.5rem;line-height:1}
.center h1{font-size:1.35rem;margin:.75rem 0 .25rem}
.center p{color:var(--muted);margin:.25rem 0 1.25rem}
form{display:flex;gap:.5rem;justify-content:center;flex-wrap:wrap}
input[type=password]{font:inherit;padding:.55rem .75rem;border-radius:9px;border:1px solid var(--line);background:var(--bg);color:var(--fg);min-width:14rem}
.error{color:#dc2626}
footer{color:var(--muted);font-size:.8rem;padding:1rem}
footer a{color:inherit}
`;

export function page(head: PageHead, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${head.robots ? `<meta name="robots" content="${head.robots}">\n` : ''}<title>${esc(head.title)}</title>
${head.meta ?? ''}<style nonce="${head.nonce}">${CSS}</style></head>
<body><main>${body}</main><footer>Shared with Traydrop</footer></body></html>
`;
}

/** The page's Content-Security-Policy: no script at all; styles only from the nonce'd block. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    "img-src 'self'",
    "media-src 'self'",
    `style-src 'nonce-${nonce}'`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
