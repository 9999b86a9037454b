/**
 * Offline OCR with tesseract.js: one worker, started on first use and kept warm while the app runs (a cold
 * start loads the WASM core and the traineddata, about a second; a warm recognition of a screen is a fraction
 * of that), closed with the app.
 *
 * No network, ever: the core is the `tesseract.js-core` package required from disk (tesseract.js does that
 * under Node when no corePath is given), the language data comes from `@tesseract.js-data/*` through an
 * explicit langPath (without one tesseract.js fetches it from a CDN), and cacheMethod 'none' keeps it from
 * writing `eng.traineddata` into the working folder.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWorker as tesseractCreateWorker } from 'tesseract.js';
import { languagePath } from './languages.ts';
import { fromTesseract, type OcrResult, type TesseractPage } from './words.ts';

/** The options the worker is created with (exported so a test can check that everything is local). */
export interface OcrWorkerOptions {
  langPath: string;
  cacheMethod: 'none';
  gzip: true;
  /** Never set: tesseract.js then loads tesseract.js-core from node_modules. */
  corePath?: undefined;
}

interface WorkerLike {
  recognize(image: Buffer, options: object, output: { text: true; blocks: true }): Promise<{ data: unknown }>;
  terminate(): Promise<unknown>;
}

export type CreateWorker = (langs: string[], oem: number, options: OcrWorkerOptions) => Promise<WorkerLike>;

export interface OcrEngineOptions {
  /** Tesseract language codes, each from its installed `@tesseract.js-data/<code>` package. Default ['eng']. */
  languages?: readonly string[];
  /** Where links to several languages' files go when there is more than one. Default: the OS temp folder. */
  workDir?: string;
  createWorker?: CreateWorker;
}

export interface OcrEngine {
  /** Recognise a PNG (or JPEG): the text and its lines of words with boxes, in image pixels. */
  recognize(image: Buffer): Promise<OcrResult>;
  /** Whether the worker is running (started and not closed). */
  readonly warm: boolean;
  /** Stop the worker; the next recognize starts a new one. */
  close(): Promise<void>;
}

const LSTM_ONLY = 1;

export function ocrWorkerOptions(languages: readonly string[], workDir: string): OcrWorkerOptions {
  return { langPath: languagePath(languages, workDir), cacheMethod: 'none', gzip: true };
}

export function createOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  const languages = options.languages?.length ? [...options.languages] : ['eng'];
  const workDir = options.workDir ?? path.join(tmpdir(), `traydrop-ocr-${process.pid}`);
  const create = options.createWorker ?? (tesseractCreateWorker as unknown as CreateWorker);
  let worker: Promise<WorkerLike> | undefined;

  const start = (): Promise<WorkerLike> => {
    if (!worker) {
      worker = Promise.resolve()
        .then(() => create(languages, LSTM_ONLY, ocrWorkerOptions(languages, workDir)))
        .catch((error: unknown) => {
          worker = undefined; // a failed start is retried by the next call
          throw error;
        });
    }
    return worker;
  };

  return {
    async recognize(image) {
      const w = await start();
      const { data } = await w.recognize(image, {}, { text: true, blocks: true });
      return fromTesseract(data as TesseractPage);
    },
    get warm() {
      return worker !== undefined;
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (running) await (await running.catch(() => undefined))?.terminate();
    },
  };
}
