/**
 * The server configuration of the dashboard benches that never reach S3 (files-list.ts, files-page.ts): the endpoints
 * only have to parse, and what is measured is the server and its database (SQLite at `databasePath`, or PostgreSQL
 * at `databaseUrl`). `port` 0 lets the system choose when the bench injects requests instead of listening.
 */
import type { ServerConfig } from '../../server/config.ts';

export function offlineConfig(databasePath: string, databaseUrl?: string, port = 0): ServerConfig {
  return {
    s3Endpoint: 'http://127.0.0.1:9',
    s3PublicEndpoint: 'http://127.0.0.1:9',
    s3Region: 'us-east-1',
    s3Bucket: 'bench',
    stsRoleArn: 'arn:aws:iam:::role/bench',
    stsDurationSeconds: 900,
    brokerAccessKeyId: 'bench',
    brokerSecretAccessKey: 'bench',
    databasePreparedStatements: true,
    shareBaseUrl: port ? `http://127.0.0.1:${port}` : 'http://127.0.0.1',
    shareHosts: [],
    host: '127.0.0.1',
    port,
    databasePath,
    ...(databaseUrl ? { databaseUrl } : {}),
    allowedExpiry: ['1d', '7d', '30d', '90d', '365d', 'never'],
    trustProxyHops: 0,
    shutdownDrainSeconds: 0,
    shutdownGraceSeconds: 5,
    cachePurgeUrls: [],
    passwordSignIn: true,
  };
}
