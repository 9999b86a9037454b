/** `traydrop-server --help`; a command's --help prints its own entries of it (commandUsage). */
export const USAGE = `Usage: traydrop-server <command>

Commands:
  serve                          start the broker and share gateway
  token create <user> [--label x] [--pair-url <this server's URL>]
                                 create a device token; prints only the token, or with --pair-url
                                 a traydrop://pair link that the desktop app opens to pair
  user create <name> [--admin] [--email e]
                                 create an account (token create needs one)
  user list [--json]             users with storage, this month's transfer, limits and links
  user show <name> [--json]      one user's usage and limits, and their sign-in identities
                                 (OpenID Connect: provider, subject, e-mail, linked, last sign-in)
  user quota <name> [--storage 10GB] [--transfer 100GB] [--max-file 2GB]
                                 set plan limits (KB/MB/GB/TB: powers of 1000; KiB/MiB/GiB: of 1024;
                                 none removes a limit)
  user disable|enable <name>     a disabled user's tokens get 401 and their links 404, at once
  user invite [--admin] [--expires 7d]
                                 print a one-time invite link (on SHARE_BASE_URL) where a new user
                                 picks a name and a password, then pairs a device (1h to 90d)
  user unlink-identity <name> --issuer <provider URL> --subject <sub>
                                 unlink one OpenID Connect identity from the user: the sessions it
                                 signed in end; it never reaches this user again (user show lists them)
  token create <user> --upload-only [--label x] [--sxcu out.sxcu [--url <this server's URL>]]
                                 a token that may only POST /v1/upload (ShareX, scripts, phone
                                 shortcuts); --sxcu also writes a ShareX custom uploader for it
                                 (server address: --url, else SHARE_BASE_URL)
  token list                     list tokens (id, user, created, last used, revoked, upload-only)
  token revoke <token-or-id>     revoke a token
  reconcile [--fix] [--prefix users/<id>/]
                                 compare the file index with the bucket and report drift;
                                 --fix deletes rows whose object is gone and indexes tagged
                                 objects the index lacks (exit 1: drift found without --fix)
  lifecycle install              put the expire-tag lifecycle rules on the bucket (idempotent)
  lifecycle show                 print the bucket's lifecycle rules
  notifications install --url <this server's URL as RGW reaches it> [--prefix users/] [--topic t]
                                 create the RGW topic and bucket notification that push object
                                 created/removed events to this server (idempotent; needs NOTIFICATION_SECRET)
  notifications show|remove [--topic t]
                                 print, or delete, the bucket notification and its topic
  migrate-data --from sqlite:PATH --to postgres://user@host:port/db
                                 copy this server's SQLite data into an empty PostgreSQL database
                                 (creates the schema; checks row counts and a checksum per table;
                                 exit 1 when the target already holds data)
  cache-log [--instance varnish] [--retention-hours 48] [--format varnishncsa|nginx-offload]
                                 book the cache hits varnishncsa writes on stdin (format:
                                 docs/deploy/varnishncsa.format) into the statistics, each once;
                                 nginx-offload: the bytes nginx sent for the gateways (BYTES_OFFLOAD)

Configuration comes from the environment, or a JSON file named by TRAYDROP_SERVER_CONFIG
(the environment wins): S3_ENDPOINT, S3_REGION, S3_BUCKET, STS_ROLE_ARN, BROKER_ACCESS_KEY_ID,
BROKER_SECRET_ACCESS_KEY, SHARE_BASE_URL, HOST (127.0.0.1), PORT (8080), DATABASE_PATH
(./traydrop.db), DATABASE_URL (postgres://…; wins over DATABASE_PATH), STS_DURATION_SECONDS (3600), ALLOWED_EXPIRY (1d,7d,30d,90d,365d,never),
SHARE_HOSTS (extra host names that serve every link, comma-separated), NOTIFICATION_SECRET
(enables POST /internal/rgw-events/<secret> for RGW bucket notifications).
The user, token and cache-log commands need only DATABASE_PATH or DATABASE_URL. Every key: docs/server-config.md.
Every command takes --help; traydrop-server --version prints the version.
`;

/**
 * `traydrop-server <command> --help`: the entries of USAGE for one command (every `  <command> …` line and
 * the indented lines under it), or undefined when there is no such command.
 */
export function commandUsage(command: string): string | undefined {
  const picked: string[] = [];
  let inside = false;
  for (const line of USAGE.split('\n')) {
    const entry = /^ {2}([a-z]\S*)/.exec(line);
    if (entry) inside = entry[1] === command;
    else if (!/^ {4,}\S/.test(line)) inside = false;
    // name the command in full; the lines under it move right as much, to stay aligned
    if (inside) picked.push(entry ? `  traydrop-server ${line.slice(2)}` : `${' '.repeat(16)}${line}`);
  }
  return picked.length === 0 ? undefined : `Usage:\n${picked.join('\n')}\n\nConfiguration: traydrop-server --help\n`;
}
