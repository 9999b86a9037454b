/** Types of pick-cli.js (plain JavaScript: the bin scripts run before any TypeScript is loaded). */
export interface PickedCli {
  url: URL;
  kind: 'bundle' | 'source';
}
export function pickCli(root?: URL, env?: NodeJS.ProcessEnv): PickedCli;
export function pickServerCli(root?: URL, env?: NodeJS.ProcessEnv): PickedCli;
