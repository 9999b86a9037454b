/**
 * `traydrop://pair?server=https://t.example.com&token=…`: the pairing link the server's web page offers. Pure.
 * Any web page can open such a link, so the app asks the user before pairing with the server it names.
 */
export interface PairLink {
  serverUrl: string;
  token: string;
}

/** The pairing, or a sentence saying what is wrong with the link. */
export function parsePairLink(text: string): PairLink | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'the traydrop:// link is not a valid URL';
  }
  if (url.protocol !== 'traydrop:') return 'not a traydrop:// link';
  const action = (url.hostname || url.pathname.replace(/^\/+/, '')).toLowerCase();
  if (action !== 'pair') return `traydrop://${action}: unknown action (only traydrop://pair is supported)`;
  const server = url.searchParams.get('server') ?? '';
  const token = url.searchParams.get('token') ?? '';
  let serverUrl: URL;
  try {
    serverUrl = new URL(server);
  } catch {
    return 'the pairing link has no valid server=';
  }
  if (serverUrl.protocol !== 'https:' && serverUrl.protocol !== 'http:') return 'the server must be an http(s) URL';
  if (serverUrl.username || serverUrl.password) return 'the server URL must not contain a user name or password';
  if (!/^[\x21-\x7e]{8,4096}$/.test(token)) return 'the pairing link has no valid token=';
  return { serverUrl: serverUrl.href.replace(/\/+$/, ''), token };
}
