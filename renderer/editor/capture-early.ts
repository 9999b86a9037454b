/**
 * The editor page's first script (index.html loads it async, before the stylesheets and the deferred bundle:
 * it runs as soon as it is here): it only starts fetching and decoding the capture (capture.ts), so that waits neither for the CSS nor
 * for the 50 KB bundle to be fetched and run (issue #17's first paint). index.ts picks the promise up.
 */
import { startCapture } from './capture.ts';

startCapture();
