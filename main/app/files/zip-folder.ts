/**
 * A folder dropped on Traydrop becomes one .zip (setting zipFolders). A minimal ZIP writer on node:zlib, no
 * dependency: each file is streamed through deflateRaw with its CRC-32 (zlib.crc32) computed on the way, and
 * its sizes follow in a data descriptor (flag bit 3), so no file is held in memory. Names are UTF-8 (bit 11),
 * relative, with forward slashes; symbolic links and special files are skipped (never followed out of the
 * folder). Plain ZIP (no ZIP64): more than 65 535 entries or 4 GiB is refused with a clear message.
 */
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';

const LIMIT = 0xffffffff;

export class ZipTooLargeError extends Error {
  override name = 'ZipTooLargeError';
}

interface Entry {
  name: string;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
  directory: boolean;
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getFullYear());
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Regular files and folders under `root`, relative with `/`, folders first in each level, sorted. */
export async function listTree(root: string): Promise<{ rel: string; directory: boolean }[]> {
  const out: { rel: string; directory: boolean }[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const full = path.join(dir, name);
      const info = await lstat(full);
      const r = rel ? `${rel}/${name}` : name;
      if (info.isDirectory()) {
        out.push({ rel: r, directory: true });
        await walk(full, r);
      } else if (info.isFile()) out.push({ rel: r, directory: false });
    }
  };
  await walk(root, '');
  return out;
}

/** Writes `folder` (its contents under the folder's own name) to `zipFile`; resolves to the number of files. */
export async function zipFolder(folder: string, zipFile: string): Promise<number> {
  const base = path.basename(path.resolve(folder));
  const tree = await listTree(folder);
  if (tree.length + 1 > 0xffff) throw new ZipTooLargeError(`${folder} has more than 65 535 entries: zip it yourself`);
  const out = await open(zipFile, 'wx', 0o644);
  const entries: Entry[] = [];
  let offset = 0;
  const write = async (buf: Buffer): Promise<void> => {
    await out.write(buf, 0, buf.length, offset);
    offset += buf.length;
    if (offset > LIMIT) throw new ZipTooLargeError(`${folder} is larger than 4 GiB zipped: share its files instead`);
  };
  try {
    for (const item of [{ rel: '', directory: true }, ...tree]) {
      const full = path.join(folder, ...item.rel.split('/').filter(Boolean));
      const name = item.rel ? `${base}/${item.rel}${item.directory ? '/' : ''}` : `${base}/`;
      const { time, date } = dosDateTime((await lstat(full)).mtime);
      const entry: Entry = { name, crc: 0, compressed: 0, size: 0, offset, time, date, directory: item.directory };
      await write(localHeader(entry));
      if (!item.directory) await writeData(full, entry, write);
      await write(descriptor(entry));
      entries.push(entry);
    }
    const start = offset;
    for (const entry of entries) await write(centralHeader(entry));
    await write(endRecord(entries.length, offset - start, start));
    await out.sync();
  } catch (error) {
    await out.close();
    await rm(zipFile, { force: true });
    throw error;
  }
  await out.close();
  return tree.filter((t) => !t.directory).length;
}

async function writeData(file: string, entry: Entry, write: (b: Buffer) => Promise<void>): Promise<void> {
  const deflate = createDeflateRaw({ level: 6 });
  const input = createReadStream(file);
  input.on('data', (chunk) => {
    const buf = chunk as Buffer;
    entry.crc = crc32(buf, entry.crc);
    entry.size += buf.length;
    if (entry.size > LIMIT) input.destroy(new ZipTooLargeError(`${file} is larger than 4 GiB: share it on its own`));
  });
  input.on('error', (error) => deflate.destroy(error));
  input.pipe(deflate);
  for await (const chunk of deflate) {
    entry.compressed += (chunk as Buffer).length;
    await write(chunk as Buffer);
  }
}

const FLAGS = 0x0008 | 0x0800; // sizes in a data descriptor; UTF-8 names

function localHeader(e: Entry): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(FLAGS, 6);
  b.writeUInt16LE(e.directory ? 0 : 8, 8);
  b.writeUInt16LE(e.time, 10);
  b.writeUInt16LE(e.date, 12);
  b.writeUInt16LE(name.length, 26);
  return Buffer.concat([b, name]);
}

function descriptor(e: Entry): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(e.crc >>> 0, 4);
  b.writeUInt32LE(e.compressed, 8);
  b.writeUInt32LE(e.size, 12);
  return b;
}

function centralHeader(e: Entry): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, spec 2.0: external attributes carry the mode
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(FLAGS, 8);
  b.writeUInt16LE(e.directory ? 0 : 8, 10);
  b.writeUInt16LE(e.time, 12);
  b.writeUInt16LE(e.date, 14);
  b.writeUInt32LE(e.crc >>> 0, 16);
  b.writeUInt32LE(e.compressed, 20);
  b.writeUInt32LE(e.size, 24);
  b.writeUInt16LE(name.length, 28);
  const mode = e.directory ? 0o40755 : 0o100644;
  b.writeUInt32LE(((mode << 16) | (e.directory ? 0x10 : 0)) >>> 0, 38);
  b.writeUInt32LE(e.offset, 42);
  return Buffer.concat([b, name]);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}
