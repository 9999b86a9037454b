/**
 * settings.json opened through electron-store, for the real app only (entry.ts passes it to startApp; tests
 * and the CLI open the same file through conf, with the same options: main/settings/settings-conf.ts).
 */
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { Settings } from '../../common/ipc-contract.ts';
import type { MakeSettingsConf } from '../settings/index.ts';

export const electronStoreConf: MakeSettingsConf = ({ configName, ...options }) => {
  const store = new ElectronStore<Settings>({ ...options, name: configName });
  // electron-store answers a synchronous IPC channel for renderers that open a store of their own. Ours never
  // do: a window's only way to the main process is the typed contract, so the channel is closed again.
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
};
