/**
 * The files list's filters (GET /v1/files `q`, `kind`, `state`, `sort`): one vocabulary for the server's query,
 * the dashboard's form and any client.
 */
export const FILE_KINDS = ['image', 'video', 'audio', 'pdf', 'text', 'other'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** live: neither expired nor at its download limit; limited: every allowed download used. */
export const FILE_STATES = ['live', 'expired', 'limited'] as const;
export type FileState = (typeof FILE_STATES)[number];

/**
 * The dashboard's state filter: a link's states, and `uploading`: an upload in flight, not a link yet (reserved or
 * a multipart upload not completed), listed by GET /v1/files/uploading rather than GET /v1/files.
 */
export const LIST_STATES = [...FILE_STATES, 'uploading'] as const;
export type ListState = (typeof LIST_STATES)[number];

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

/** The dashboard's filter: a link's state, or `uploading` (the uploads in flight). */
export type ListFilter = Omit<FileQuery, 'state'> & { state?: ListState };

/** The kind the list files a content type under (the same grouping the filter uses). */
export function fileKindOf(contentType: string): FileKind {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  for (const kind of ['image', 'video', 'audio', 'text'] as const) if (type.startsWith(`${kind}/`)) return kind;
  return 'other';
}
