/**
 * Where the OCR's traineddata comes from: the npm packages `@tesseract.js-data/<code>`, installed with the
 * app, read from disk. Nothing is downloaded at run time: tesseract.js would fetch from a CDN when no langPath
 * is given, so the engine always names one. Another language is a setting that names the package to add
 * (`npm install @tesseract.js-data/deu`, then `deu` in the list).
 */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The folder holding `<code>.traineddata.gz` from the language's package; throws naming the package. */
export function languageDir(code: string): string {
  if (!/^[a-z_]{3,12}$/.test(code)) throw new Error(`not a Tesseract language code: ${JSON.stringify(code)}`);
  let data: { langPath?: unknown };
  try {
    data = require(`@tesseract.js-data/${code}`) as { langPath?: unknown };
  } catch {
    throw new Error(`OCR language "${code}" is not installed: add the npm package @tesseract.js-data/${code}`);
  }
  const dir = String(data.langPath);
  if (!existsSync(path.join(dir, `${code}.traineddata.gz`))) {
    throw new Error(`@tesseract.js-data/${code} has no ${code}.traineddata.gz in ${dir}`);
  }
  return dir;
}

/**
 * One folder holding every language's file, as tesseract.js wants a single langPath: the package's own folder
 * for one language, else `workDir` filled with links to each package's file.
 */
export function languagePath(codes: readonly string[], workDir: string): string {
  const dirs = codes.map(languageDir);
  if (new Set(dirs).size === 1) return dirs[0]!;
  mkdirSync(workDir, { recursive: true });
  codes.forEach((code, i) => {
    const link = path.join(workDir, `${code}.traineddata.gz`);
    if (!existsSync(link)) symlinkSync(path.join(dirs[i]!, `${code}.traineddata.gz`), link);
  });
  return workDir;
}
