/**
 * A ShareX custom uploader (.sxcu) for one token: ShareX imports it and then sends every capture to
 * POST /v1/upload, reading the link and the deletion URL from the JSON answer. The same function serves the
 * `token create --sxcu` command and, later, the dashboard's download.
 */
export interface SxcuInput {
  /** The server's address as ShareX reaches it (https://traydrop.example.com), no path. */
  serverUrl: string;
  token: string;
  /** Shown in ShareX's list of uploaders. */
  name?: string;
}

export interface Sxcu {
  Version: string;
  Name: string;
  DestinationType: string;
  RequestMethod: 'POST';
  RequestURL: string;
  Headers: { Authorization: string };
  Body: 'MultipartFormData';
  FileFormName: 'file';
  URL: string;
  DeletionURL: string;
  ErrorMessage: string;
}

export const UPLOAD_PATH = '/v1/upload';

export function sxcuFor({ serverUrl, token, name }: SxcuInput): Sxcu {
  const base = new URL(serverUrl);
  return {
    Version: '17.0.0',
    Name: name ?? `Traydrop (${base.host})`,
    DestinationType: 'ImageUploader, TextUploader, FileUploader',
    RequestMethod: 'POST',
    RequestURL: new URL(UPLOAD_PATH, base).href,
    Headers: { Authorization: `Bearer ${token}` },
    Body: 'MultipartFormData',
    FileFormName: 'file',
    URL: '{json:url}',
    DeletionURL: '{json:deletion_url}',
    ErrorMessage: '{json:message}',
  };
}

/** The file's text: pretty JSON, as ShareX writes its own. */
export function sxcuText(input: SxcuInput): string {
  return `${JSON.stringify(sxcuFor(input), null, 2)}\n`;
}
