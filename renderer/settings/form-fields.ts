/**
 * The settings form's fields by id, and the lists of kinds its rows repeat for: one place, so the code that fills
 * the form and the code that reads it back name the same fields.
 */
import type { UploadKind } from '../../common/expiry-rules.ts';
import type { CaptureKind } from '../../common/ipc-contract.ts';
import { $ } from '../shared/dom.ts';

export const KINDS: readonly UploadKind[] = ['screenshot', 'recording', 'file'];
export const CAPTURE_KINDS: readonly CaptureKind[] = ['region', 'window', 'screen'];

export const input = (id: string): HTMLInputElement => $<HTMLInputElement>(`#${id}`);
export const select = (id: string): HTMLSelectElement => $<HTMLSelectElement>(`#${id}`);
