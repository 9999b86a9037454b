/**
 * The screenshot back-end for this session: grim on wlroots Wayland compositors (Sway, Hyprland…), the XDG
 * screenshot portal on other Wayland desktops (GNOME, KDE: no wlr-screencopy there), screenshot-desktop
 * everywhere else (X11, macOS, Windows). The choice is a pure function of the environment.
 */
import { grimBackend } from './grim-backend.ts';
import { portalBackend } from './portal-backend.ts';
import type { ScreenshotBackend } from './screenshot-backend.ts';
import { screenshotDesktopBackend } from './screenshot-desktop-backend.ts';
import { captureSession } from './session-type.ts';

export type ScreenshotBackendKind = 'grim' | 'portal' | 'screenshot-desktop';

export function screenshotBackendKind(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ScreenshotBackendKind {
  const kinds = { native: 'screenshot-desktop', wlroots: 'grim', portal: 'portal' } as const;
  return kinds[captureSession(env, platform)];
}

export function platformScreenshotBackend(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ScreenshotBackend {
  const kind = screenshotBackendKind(env, platform);
  if (kind === 'grim') return grimBackend(env);
  if (kind === 'portal') return portalBackend(env);
  return screenshotDesktopBackend(env);
}
