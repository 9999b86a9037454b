/**
 * The /v1 routes of the dashboard's admin page, devices and usage (issue #16): one contract for the web pages, the
 * app and scripts. Device token or session, like all of /v1; the admin routes answer 404 to anyone not an admin.
 */

export const ADMIN_API = {
  /** GET: every user with usage; POST AdminCreateUserRequest: a new user. */
  users: '/v1/admin/users',
  /** GET: one user, with their sign-in identities (AdminUserDetail). */
  user: '/v1/admin/users/:name',
  /**
   * DELETE ?issuer=…&subject=…: unlink one of the user's OpenID Connect identities (AdminUnlinkResponse); the
   * sessions it signed in end, the user stays. 404 when the user has no such identity.
   */
  identities: '/v1/admin/users/:name/identities',
  /** PUT AdminQuotaRequest: sizes as `traydrop-server user quota` takes them (10GB, 2GiB, none). */
  quota: '/v1/admin/users/:name/quota',
  /** PUT { disabled: boolean }. */
  disabled: '/v1/admin/users/:name/disabled',
  /** PUT { role: 'admin' | 'user' }. */
  role: '/v1/admin/users/:name/role',
  /** GET: the user's device tokens (revoked ones too). */
  tokens: '/v1/admin/users/:name/tokens',
  /** DELETE: revoke any user's device token. */
  token: '/v1/admin/tokens/:tokenId',
  /** GET: storage, this month's transfer, links, active users; the largest users. */
  totals: '/v1/admin/totals',
  /** POST AdminInviteRequest: a one-time invite link, as `traydrop-server user invite` prints (201). */
  invites: '/v1/admin/invites',
} as const;

/** How long an invite works: the dashboard's choices (`user invite --expires` takes any 1h to 90d). */
export const INVITE_EXPIRIES = ['1h', '1d', '7d', '30d', '90d'] as const;

export interface AdminInviteRequest {
  /** The new user is an admin. */
  admin?: boolean;
  /** Hours or days from 1h to 90d (`12h`, `7d`); 7d when absent. */
  expires?: string;
}

export interface AdminInviteResponse {
  /** `<SHARE_BASE_URL>/dashboard/invite/<secret>`: works once; only its hash is kept, so it is shown only now. */
  url: string;
  role: 'admin' | 'user';
  expiresAt: string;
}

export const DEVICES_API = {
  /** GET: this user's device tokens that still work. */
  devices: '/v1/devices',
  /** DELETE: revoke one of them (404 for another user's). */
  device: '/v1/devices/:tokenId',
  /** POST DevicePairRequest: a new device token as a traydrop://pair link and its QR code. */
  pair: '/v1/devices/pair',
} as const;

/** `route` with its `:name` / `:tokenId` filled in. */
export function adminPath(route: string, value: string): string {
  return route.replace(/:(name|tokenId)/, encodeURIComponent(value));
}

export interface AdminUserEntry {
  name: string;
  email: string | null;
  role: 'admin' | 'user';
  disabled: boolean;
  createdAt: string;
  lastActiveAt: string | null;
  /** Bytes; null for no limit. */
  storageUsed: number;
  storageLimit: number | null;
  /** This calendar month (UTC). */
  transferUsed: number;
  transferLimit: number | null;
  maxFileSize: number | null;
  /** Live links. */
  links: number;
}

/** An OpenID Connect identity tied to a user: the provider's (issuer, subject) names them. */
export interface AdminIdentityEntry {
  issuer: string;
  subject: string;
  /** The address the provider gave at the last sign-in. */
  email: string | null;
  linkedAt: string;
  lastSignInAt: string | null;
}

export interface AdminUserDetail extends AdminUserEntry {
  identities: AdminIdentityEntry[];
}

export interface AdminUnlinkResponse {
  unlinked: true;
  user: string;
  /** Sessions that identity had signed in, now ended. */
  sessionsEnded: number;
}

export interface AdminUserListResponse {
  users: AdminUserEntry[];
}

export interface AdminCreateUserRequest {
  name: string;
  email?: string | null;
  admin?: boolean;
}

/** Each field: a size (`500MB`, `10GB`, `2GiB`) or `none`; a missing field leaves that limit as it is. */
export interface AdminQuotaRequest {
  storage?: string;
  transfer?: string;
  maxFile?: string;
}

export interface AdminTotalsResponse {
  storageUsed: number;
  transferUsed: number;
  links: number;
  users: number;
  /** Enabled users seen (device or dashboard) in the last 30 days. */
  activeUsers: number;
  /** Up to five users with the most storage, largest first. */
  largest: AdminUserEntry[];
}

export interface DeviceEntry {
  id: string;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The token this request came with. */
  current: boolean;
}

export interface DeviceListResponse {
  devices: DeviceEntry[];
}

export interface DevicePairRequest {
  label?: string;
}

export interface DevicePairResponse {
  device: DeviceEntry;
  /** `traydrop://pair?server=…&token=…`: holds the new token; shown once. */
  pairLink: string;
  /** The same link as a QR code, an SVG document made on the server. */
  qrSvg: string;
}
