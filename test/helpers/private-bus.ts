/**
 * A private D-Bus session bus for tests (its own dbus-daemon, listening in a fresh folder, with no service
 * folders, so nothing is started behind the test's back and nothing outlives it), and the services a test starts
 * on it by path and stops by pid: the portal stack (portal.ts), the keyring (keyring.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BusConnection } from '../../main/dbus/bus-connection.ts';
import { nameHasOwner } from '../../main/dbus/name-has-owner.ts';

export interface Service {
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

export function startService(command: string, args: string[], env: NodeJS.ProcessEnv): Service {
  return serviceOf(spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** A started process as a Service: its output kept (the last 6000 characters) and a stop that waits for it. */
export function serviceOf(child: ChildProcess): Service {
  let log = '';
  const keep = (chunk: Buffer): void => void (log = (log + chunk.toString()).slice(-6000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    child,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface PrivateBus {
  /** For DBUS_SESSION_BUS_ADDRESS. */
  address: string;
  stop(): Promise<void>;
}

/** A private session bus: a dbus-daemon of its own, listening in a fresh folder, that activates nothing. */
export async function startBus(): Promise<PrivateBus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'traydrop-bus-'));
  const socket = path.join(dir, 'bus');
  const config = path.join(dir, 'session.conf');
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = startService('dbus-daemon', ['--config-file', config, '--nofork', '--nosyslog'], {
    PATH: process.env.PATH,
  });
  const address = `unix:path=${socket}`;
  const stop = async (): Promise<void> => {
    await daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  for (const started = Date.now(); !existsSync(socket); await sleep(20)) {
    if (daemon.child.exitCode !== null || Date.now() - started > 10_000) {
      await stop();
      throw new Error(`dbus-daemon did not start: ${daemon.log()}`);
    }
  }
  return { address, stop };
}

/** Wait until `name` has an owner on the bus (or the process meant to own it has died). */
export async function waitForName(bus: BusConnection, name: string, service: Service): Promise<void> {
  for (const started = Date.now(); ; await sleep(50)) {
    if (await nameHasOwner(bus, name)) return;
    if (service.child.exitCode !== null) throw new Error(`${name}: its service exited: ${service.log()}`);
    if (Date.now() - started > 15_000) throw new Error(`${name} did not appear in 15 s: ${service.log()}`);
  }
}
