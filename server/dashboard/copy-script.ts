/**
 * The dashboard's only script: a "Copy link" button (the clipboard needs script). Served from /dashboard/copy.js
 * under `script-src 'self'`, never inline. It is eight lines of plain browser JavaScript kept as text here rather
 * than a bundled folder of its own: without it the page still works (the link is in a read-only field to select).
 */
export const COPY_SCRIPT = `'use strict';
for (const button of document.querySelectorAll('button[data-copy]')) {
  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(button.dataset.copy).then(
      () => { button.textContent = 'Copied'; },
      () => { button.textContent = 'Copy failed: select the link'; },
    );
  });
}
`;
