/**
 * A real desktop keyring for tests: gnome-keyring-daemon (its Secret Service only) on a private bus, with its
 * keyrings in a folder of the test's own. `unlocked: true` logs in as a desktop session does (the password on
 * stdin creates and unlocks the login keyring); `unlocked: false` starts it on the keyring a previous start
 * left, locked, with no prompter to unlock it (as on a box where nobody can type the keyring password).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectSessionBus } from '../../main/dbus/bus-connection.ts';
import { type PrivateBus, type Service, serviceOf, startBus, waitForName } from './private-bus.ts';
import { hasCommands } from './sway.ts';

export const hasKeyring = (): boolean => hasCommands('dbus-daemon', 'gnome-keyring-daemon');

export interface KeyringStack {
  /** DBUS_SESSION_BUS_ADDRESS of the keyring's bus (add it to a client's env). */
  env: NodeJS.ProcessEnv;
  /** Stops the daemon and starts it again on the same keyrings, unlocked or not. */
  restart(options: { unlocked: boolean }): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

function startDaemon(home: string, bus: PrivateBus, unlocked: boolean): Service {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_RUNTIME_DIR: path.join(home, 'run'),
    DBUS_SESSION_BUS_ADDRESS: bus.address,
  };
  const args = ['--foreground', '--components=secrets', ...(unlocked ? ['--unlock'] : [])];
  const child = spawn('gnome-keyring-daemon', args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(unlocked ? 'test-login-password' : ''); // the login password, as a desktop session passes it
  return serviceOf(child);
}

export async function startKeyring(options: { unlocked?: boolean } = {}): Promise<KeyringStack> {
  const bus = await startBus();
  const home = mkdtempSync(path.join(os.tmpdir(), 'traydrop-keyring-'));
  mkdirSync(path.join(home, 'run'), { mode: 0o700 });
  const client = await connectSessionBus({ DBUS_SESSION_BUS_ADDRESS: bus.address });
  let daemon: Service | undefined;
  const start = async (unlocked: boolean): Promise<void> => {
    daemon = startDaemon(home, bus, unlocked);
    await waitForName(client, 'org.freedesktop.secrets', daemon);
  };
  const stop = async (): Promise<void> => {
    client.close();
    await daemon?.stop();
    await bus.stop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await start(options.unlocked ?? true);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    env: { DBUS_SESSION_BUS_ADDRESS: bus.address },
    async restart({ unlocked }) {
      await daemon?.stop();
      await start(unlocked);
    },
    log: () => daemon?.log() ?? '',
    stop,
  };
}
