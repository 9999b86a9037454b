/**
 * The pairing link a server hands out and the desktop app opens (`traydrop://pair?server=…&token=…`):
 * built here for the server (`traydrop-server token create <user> --pair-url <its URL>`), read by the app
 * (main/app/deep-link.ts, which asks the user before pairing). Plain: the server and the app both import it.
 */
export function pairLink(serverUrl: string, token: string): string {
  const query = new URLSearchParams({ server: serverUrl.replace(/\/+$/, ''), token });
  return `traydrop://pair?${query}`;
}
