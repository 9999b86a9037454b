/** The editor page's fixed elements (index.html), looked up once when the page starts, not at import. */
import { $ } from '../shared/dom.ts';

export interface EditorElements {
  stage: HTMLElement;
  canvas: HTMLCanvasElement;
  textInput: HTMLInputElement;
  textBackground: HTMLInputElement;
  live: HTMLElement;
  zoomLabel: HTMLElement;
  undo: HTMLButtonElement;
  redo: HTMLButtonElement;
  deleteButton: HTMLButtonElement;
  confirmDiscard: HTMLDialogElement;
}

export function editorElements(): EditorElements {
  return {
    stage: $('#stage'),
    canvas: $<HTMLCanvasElement>('#view'),
    textInput: $<HTMLInputElement>('#text-input'),
    textBackground: $<HTMLInputElement>('#text-background'),
    live: $('#live'),
    zoomLabel: $('#zoom'),
    undo: $<HTMLButtonElement>('#undo'),
    redo: $<HTMLButtonElement>('#redo'),
    deleteButton: $<HTMLButtonElement>('#delete'),
    confirmDiscard: $<HTMLDialogElement>('#confirm-discard'),
  };
}
