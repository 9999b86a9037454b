/**
 * The two ways a keychain can fail that callers treat apart: there is none to use (fall back to the 0600 file),
 * or there is one but it stays locked (say so; never pretend the user is logged out). Shared by the system
 * keychain (os-keychain.ts) and our D-Bus Secret Service client (secret-service.ts).
 */

/** The keychain is there but stays locked: its prompt was dismissed, failed, or not answered in time. */
export class KeyringLockedError extends Error {
  override name = 'KeyringLockedError';
}

/** No keychain to use: no session bus, no Secret Service on it, no default collection, no binding here. */
export class NoKeyringError extends Error {
  override name = 'NoKeyringError';
}
