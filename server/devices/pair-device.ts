/**
 * Pairing a new device from the dashboard: a new device token for the signed-in user, handed over as the
 * `traydrop://pair` link the app opens (common/pair-link.ts, as `token create --pair-url` prints it) and as a QR
 * code of that link, drawn here as SVG by the `qrcode` package (no third-party origin, no script on the page).
 * The link names SHARE_BASE_URL: the dashboard is served there, so the browser just reached this server at it.
 */
import type { DeviceEntry, DevicePairResponse } from '../../common/admin-api.ts';
import { pairLink } from '../../common/pair-link.ts';
import type { AppContext } from '../context.ts';
import { createToken, type DeviceToken } from '../db/tokens.ts';
import { badRequest } from '../errors.ts';

export const MAX_LABEL_LENGTH = 80;

export function toDeviceEntry(t: DeviceToken, currentTokenId: string | null): DeviceEntry {
  return {
    id: t.id,
    label: t.label,
    createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
    current: t.id === currentTokenId,
  };
}

/** The label as given, trimmed; empty means none; too long or with control characters is a 400. */
export function deviceLabel(text: string | undefined): string | undefined {
  const label = text?.trim() ?? '';
  if (label === '') return undefined;
  if (label.length > MAX_LABEL_LENGTH || /\p{Cc}/u.test(label))
    throw badRequest(`a device name is up to ${MAX_LABEL_LENGTH} characters on one line`);
  return label;
}

/** The QR code of `text` as an SVG document (error correction M, a quiet zone of 4 modules as the standard asks). */
export async function qrSvg(text: string): Promise<string> {
  // loaded by the first pairing, not at start (bench/dashboard/server-idle.ts)
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
}

export async function pairDevice(
  ctx: AppContext,
  userId: string,
  label: string | undefined,
): Promise<DevicePairResponse> {
  const { token, record } = await createToken(ctx.db, userId, {
    now: ctx.now(),
    ...(label === undefined ? {} : { label }),
  });
  const link = pairLink(ctx.config.shareBaseUrl, token);
  return { device: toDeviceEntry(record, null), pairLink: link, qrSvg: await qrSvg(link) };
}
