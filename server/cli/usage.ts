export const USAGE = `Usage: traydrop-server <command>

Commands:
  serve                          start the broker and share gateway
  token create <user> [--label x] create a device token; prints only the token
  token list                     list tokens (id, user, created, last used, revoked)
  token revoke <token-or-id>     revoke a token

Configuration comes from the environment, or a JSON file named by TRAYDROP_SERVER_CONFIG
(the environment wins): S3_ENDPOINT, S3_REGION, S3_BUCKET, STS_ROLE_ARN, BROKER_ACCESS_KEY_ID,
BROKER_SECRET_ACCESS_KEY, SHARE_BASE_URL, HOST (127.0.0.1), PORT (8080), DATABASE_PATH
(./traydrop.db), STS_DURATION_SECONDS (3600), ALLOWED_EXPIRY (1d,7d,30d,90d,365d,never).
The token commands need only DATABASE_PATH.
`;
