/**
 * The files list's filters (GET /v1/files `q`, `kind`, `state`, `sort`): one vocabulary for the server's query,
 * the dashboard's form and any client.
 */
export const FILE_KINDS = ['image', 'video', 'audio', 'pdf', 'text', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** live: neither expired nor at its download limit; limited: every allowed download used. */
export const FILE_STATES = ['live', 'expired', 'limited'] as const;
export type FileState = (typeof FILE_STATES)[number];

/** Each sort is newest/largest/most first, ties by share id: a keyset the cursor continues. */
export const FILE_SORTS = ['date', 'size', 'downloads'] as const;
export type FileSort = (typeof FILE_SORTS)[number];

export interface FileQuery {
  /** Part of the name, any case. */
  q?: string;
  kind?: FileKind;
  state?: FileState;
  sort?: FileSort;
}

/** The kind the list files a content type under (the same grouping the filter uses). */
export function fileKindOf(contentType: string): FileKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  for (const kind of ['image', 'video', 'audio', 'text'] as const) if (type.startsWith(`${kind}/`)) return kind;
  return 'other';
}
