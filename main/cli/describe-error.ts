import { BrokerError } from '../credentials/broker-client.ts';
import { EXIT } from './cli-io.ts';

/** Maps a failure to the exit code the README promises and one line a person can act on. */
export function describeError(error: unknown): { code: number; message: string } {
  if (error instanceof BrokerError) {
    if (error.status === 401) {
      return { code: EXIT.auth, message: `${error.message} (run: traydrop login <server-url> <device-token>)` };
    }
    if (error.status === 0) return { code: EXIT.unreachable, message: error.message };
    return { code: EXIT.failed, message: error.message };
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError') return { code: 130, message: 'cancelled' };
    return { code: EXIT.failed, message: error.message || error.name };
  }
  return { code: EXIT.failed, message: String(error) };
}
