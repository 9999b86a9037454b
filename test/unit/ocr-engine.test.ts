/** The OCR engine's lifecycle with a fake worker: started on first use, kept warm, closed, retried after a failure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createOcrEngine, ocrWorkerOptions, type CreateWorker } from '../../main/ocr/ocr-engine.ts';
import { languageDir } from '../../main/ocr/languages.ts';

const page = { text: 'hello\n', blocks: [] };

test('one worker, started on the first recognize and kept warm; close stops it and the next use starts another', async () => {
  const created: unknown[][] = [];
  let terminated = 0;
  const createWorker: CreateWorker = async (...args) => {
    created.push(args);
    return { recognize: async () => ({ data: page }), terminate: async () => void terminated++ };
  };
  const ocr = createOcrEngine({ createWorker });
  assert.equal(ocr.warm, false, 'nothing starts before it is used');
  assert.equal(created.length, 0);
  const [a, b] = await Promise.all([ocr.recognize(Buffer.alloc(1)), ocr.recognize(Buffer.alloc(1))]);
  assert.equal(a.text, 'hello');
  assert.equal(b.text, 'hello');
  await ocr.recognize(Buffer.alloc(1));
  assert.equal(created.length, 1, 'kept warm: one worker for every call');
  assert.equal(ocr.warm, true);
  const [langs, oem, options] = created[0]!;
  assert.deepEqual(langs, ['eng']);
  assert.equal(oem, 1, 'LSTM only');
  assert.deepEqual(options, ocrWorkerOptions(['eng'], '/unused'));
  await ocr.close();
  assert.equal(terminated, 1);
  assert.equal(ocr.warm, false);
  await ocr.recognize(Buffer.alloc(1));
  assert.equal(created.length, 2);
  await ocr.close();
});

test('a failed start is not kept: the next call tries again', async () => {
  let calls = 0;
  const ocr = createOcrEngine({
    createWorker: async () => {
      if (++calls === 1) throw new Error('no memory');
      return { recognize: async () => ({ data: page }), terminate: async () => undefined };
    },
  });
  await assert.rejects(ocr.recognize(Buffer.alloc(1)), /no memory/);
  assert.equal(ocr.warm, false);
  assert.equal((await ocr.recognize(Buffer.alloc(1))).text, 'hello');
  await ocr.close();
});

test('the worker is given local data only: a langPath on disk, no corePath, no cache written', () => {
  const options = ocrWorkerOptions(['eng'], '/unused');
  assert.ok(path.isAbsolute(options.langPath) && existsSync(path.join(options.langPath, 'eng.traineddata.gz')));
  assert.match(options.langPath, /node_modules[/\\]@tesseract\.js-data[/\\]eng/);
  assert.equal(options.cacheMethod, 'none');
  assert.equal(options.corePath, undefined);
  assert.equal(languageDir('eng'), options.langPath);
  assert.throws(() => languageDir('xyz'), /add the npm package @tesseract\.js-data\/xyz/);
  assert.throws(() => languageDir('../etc'), /not a Tesseract language code/);
});
