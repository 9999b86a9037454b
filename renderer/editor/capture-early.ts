/**
 * The editor page's first script (index.html loads it async, before the stylesheets and the deferred bundle:
 * it runs as soon as it is here): it only starts fetching and decoding the capture (capture.ts), so that waits neither for the CSS nor
 * for the 50 KB bundle to be fetched and run (issue #17's first paint). index.ts picks the promise up.
 * In a standby window (loaded ahead, hidden: main/app/windows/editor-window.ts) it does nothing.
 */
import { EDITOR_STANDBY_KEY } from '../../common/editor-query.ts';
import { startCapture } from './capture.ts';

// a standby window has no capture yet: index.ts starts it when main sends one
if (!new URLSearchParams(location.search).has(EDITOR_STANDBY_KEY)) startCapture();
