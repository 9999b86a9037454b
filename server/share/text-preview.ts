/** The first bytes of a text file for the page's preview (a ranged GET; never the whole object). */
import type { Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { AppContext } from '../context.ts';

export const TEXT_PREVIEW_BYTES = 64 * 1024;

export interface TextPreview {
  text: string;
  truncated: boolean;
}

/** null when the object looks binary (a NUL byte) or cannot be read. */
export async function readTextPreview(ctx: AppContext, key: string, size: number): Promise<TextPreview | null> {
  try {
    const got = await ctx.s3.send(
      new GetObjectCommand({ Bucket: ctx.config.s3Bucket, Key: key, Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` }),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of got.Body as Readable) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks).subarray(0, TEXT_PREVIEW_BYTES);
    if (bytes.includes(0)) return null;
    // a multi-byte character cut at the end decodes as U+FFFD; drop it
    const text = new TextDecoder('utf-8').decode(bytes).replace(/\uFFFD$/, '');
    return { text, truncated: size > bytes.length };
  } catch {
    return null;
  }
}
