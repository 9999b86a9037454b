import type { Expiry } from './expiry.ts';

/** The /v1 routes of the web dashboard's sign-in and sessions (issue #16): device token or session, like all of /v1. */
export const DASHBOARD_API = {
  /** POST (device token only): a one-time sign-in link, valid 60 s. */
  signInLink: '/v1/dashboard/sign-in-link',
  /** GET: the user's browser sessions. */
  sessions: '/v1/sessions',
  /** DELETE: end one of them (404 for another user's). */
  session: '/v1/sessions/:sessionId',
} as const;

/** The file routes the dashboard added to the app API (`:shareId` filled by apiPath; 404 for another user's). */
export const DASHBOARD_FILES_API = {
  /** PUT FileExpiryRequest: a new expiry counted from the upload, within ALLOWED_EXPIRY; the object is re-tagged. */
  expiry: '/v1/files/:shareId/expiry',
  /** GET: downloads and bytes per UTC day, the last 30 days (today included), bots apart. */
  daily: '/v1/files/:shareId/daily',
  /** GET `?q=&kind=&limit=`: the user's uploads in flight, newest first (UploadingListResponse). */
  uploading: '/v1/files/uploading',
} as const;

/** An upload in flight: its link was reserved, or its multipart upload created, and it is not recorded yet. */
export interface UploadingEntry {
  shareId: string;
  key: string;
  name: string;
  /** The size announced with the reservation; null for a multipart upload started without one. */
  bytes: number | null;
  contentType: string;
  expire: Expiry;
  /** When the link was reserved (or the multipart upload created). */
  startedAt: string;
  /** The server created a multipart upload for it (its parts go straight to S3). */
  multipart: boolean;
}

export interface UploadingListResponse {
  uploads: UploadingEntry[];
}

export interface FileExpiryRequest {
  expire: Expiry;
}

export interface FileDailyStatsResponse {
  shareId: string;
  /** 30 days, oldest first, days without traffic as zeros. */
  days: DayStatsEntry[];
}

export interface DayStatsEntry {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  downloads: number;
  bytes: number;
  views: number;
  botHits: number;
  botBytes: number;
}

/** Where the dashboard lives on the main share host. */
export const DASHBOARD_PATH = '/dashboard';

export interface SignInLinkResponse {
  /** `<SHARE_BASE_URL>/dashboard/sign-in/<secret>`: open it in a browser, once, within a minute. */
  url: string;
  expiresAt: string;
}

export interface SessionEntry {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  /** What the browser said it was when it signed in ("Chrome on Linux"): a label, nothing more. */
  browser: string | null;
  ip: string | null;
  /** The session this request came with. */
  current: boolean;
}

export interface SessionListResponse {
  sessions: SessionEntry[];
}
