/**
 * The command that starts this app again, for whatever must outlive this run: the login autostart entry,
 * the traydrop:// protocol registration, and app-instance.json (which the CLI uses to start the app). In an
 * AppImage, execPath lies in the runtime's temporary mount ($APPDIR, gone when the app quits): the AppImage
 * file itself ($APPIMAGE) is what starts the app again. Pure.
 */
import path from 'node:path';

export function relaunchCommand(launchCommand: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const [executable, ...rest] = launchCommand;
  if (!executable) throw new Error('no command to start Traydrop with');
  const appImage = env.APPIMAGE;
  const appDir = env.APPDIR;
  const insideAppImage =
    appImage !== undefined &&
    path.isAbsolute(appImage) &&
    (!appDir || executable === appDir || executable.startsWith(appDir.endsWith('/') ? appDir : `${appDir}/`));
  return [insideAppImage ? appImage : executable, ...rest];
}
