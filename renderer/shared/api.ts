/** `window.traydrop`: the only way a page talks to the app (preload in Electron, a test bridge in Chromium tests). */
import type { TraydropApi } from '../../common/ipc-contract.ts';

declare global {
  interface Window {
    traydrop: TraydropApi;
  }
}

export function traydrop(): TraydropApi {
  const api = window.traydrop;
  if (!api) throw new Error('window.traydrop is missing: this page must be loaded by the Traydrop app');
  return api;
}

/** A one-line message for anything a call rejected with. */
export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Electron prefixes invoke rejections: "Error invoking remote method 'traydrop:x': Error: ..."
  return text.replace(/^Error invoking remote method '[^']+': (?:\w*Error: )?/, '');
}
