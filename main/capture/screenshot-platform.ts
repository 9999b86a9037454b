/** The screenshot back-end for this session: grim on Wayland (wlroots), screenshot-desktop everywhere else. */
import { grimBackend } from './grim-backend.ts';
import type { ScreenshotBackend } from './screenshot-backend.ts';
import { screenshotDesktopBackend } from './screenshot-desktop-backend.ts';
import { isWayland } from './session-type.ts';

export function platformScreenshotBackend(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ScreenshotBackend {
  return platform === 'linux' && isWayland(env) ? grimBackend(env) : screenshotDesktopBackend(env);
}
