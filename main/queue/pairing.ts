/**
 * What pairing with a server leaves behind, defined once for the app (settings, account, queue service) and the
 * CLI: how the server is reached, and whom links are made for. Queueing needs only the second half, so a file
 * can be queued offline from what was saved at login.
 */
export interface Pairing {
  serverUrl: string;
  token: string;
  userId: string;
  shareBaseUrl: string;
}

/** The part of a pairing a link is made from: the user's id and share domain. */
export type LinkOwner = Pick<Pairing, 'userId' | 'shareBaseUrl'>;
