import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXPIRY_VALUES } from '../../common/expiry.ts';
import { ConfigError, loadConfig, loadDatabasePath, loadDatabaseSetting } from '../../server/config.ts';

const FULL = {
  S3_ENDPOINT: 'http://127.0.0.1:7480',
  S3_REGION: 'us-east-1',
  S3_BUCKET: 'test-bucket',
  STS_ROLE_ARN: 'arn:aws:iam:::role/uploader',
  BROKER_ACCESS_KEY_ID: 'AK',
  BROKER_SECRET_ACCESS_KEY: 'SK',
  SHARE_BASE_URL: 'https://s.example.com/',
};

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('reads a full environment and applies defaults', () => {
    const config = loadConfig(FULL);
    assert.equal(config.s3Endpoint, 'http://127.0.0.1:7480');
    assert.equal(config.shareBaseUrl, 'https://s.example.com');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.databasePath, './traydrop.db');
    assert.equal(config.stsDurationSeconds, 3600);
    assert.deepEqual(config.allowedExpiry, [...EXPIRY_VALUES]);
  });

  for (const name of Object.keys(FULL)) {
    it(`names ${name} when it is missing`, () => {
      const env: Record<string, string | undefined> = { ...FULL, [name]: undefined };
      assert.equal(errorOf(() => loadConfig(env)).message, `${name} is required`);
    });
  }

  const invalid: Array<[string, string, RegExp]> = [
    ['S3_ENDPOINT', 'ftp://x', /^S3_ENDPOINT must be an http\(s\) URL/],
    ['S3_ENDPOINT', 'not a url', /^S3_ENDPOINT must be an http\(s\) URL/],
    ['SHARE_BASE_URL', 'example.com', /^SHARE_BASE_URL must be an http\(s\) URL/],
    ['STS_ROLE_ARN', 'uploader', /^STS_ROLE_ARN must be a role ARN/],
    ['PORT', '80a', /^PORT must be an integer from 0 to 65535/],
    ['PORT', '70000', /^PORT must be an integer/],
    ['STS_DURATION_SECONDS', '899', /^STS_DURATION_SECONDS must be an integer from 900 to 43200/],
    ['STS_DURATION_SECONDS', '43201', /^STS_DURATION_SECONDS must be an integer/],
    ['ALLOWED_EXPIRY', '1d,2d', /^ALLOWED_EXPIRY must be a comma list.*bad: "2d"/],
  ];
  for (const [name, value, pattern] of invalid) {
    it(`rejects ${name}=${value}`, () => {
      assert.match(errorOf(() => loadConfig({ ...FULL, [name]: value })).message, pattern);
    });
  }

  it('parses the optional values', () => {
    const config = loadConfig({
      ...FULL,
      PORT: '0',
      HOST: '0.0.0.0',
      STS_DURATION_SECONDS: '43200',
      ALLOWED_EXPIRY: ' 1d, 7d ,1d',
      DATABASE_PATH: '/var/lib/traydrop/db.sqlite',
      TRUST_PROXY_HOPS: '1',
    });
    assert.equal(config.trustProxyHops, 1);
    assert.equal(loadConfig(FULL).trustProxyHops, 0, 'no proxy trusted unless configured');
    assert.throws(() => loadConfig({ ...FULL, TRUST_PROXY_HOPS: 'yes' }), /TRUST_PROXY_HOPS must be an integer/);
    assert.equal(config.port, 0);
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.stsDurationSeconds, 43200);
    assert.deepEqual(config.allowedExpiry, ['1d', '7d']);
    assert.equal(config.databasePath, '/var/lib/traydrop/db.sqlite');
  });

  it('takes values from the config file, and the environment wins', () => {
    const file = { ...FULL, PORT: 9000, S3_BUCKET: 'from-file', ALLOWED_EXPIRY: ['7d', 'never'] };
    const config = loadConfig({ S3_BUCKET: 'from-env' }, file);
    assert.equal(config.port, 9000);
    assert.equal(config.s3Bucket, 'from-env');
    assert.deepEqual(config.allowedExpiry, ['7d', 'never']);
  });

  it('names a variable with a wrong JSON type in the file', () => {
    assert.match(errorOf(() => loadConfig({}, { ...FULL, S3_REGION: { a: 1 } })).message, /^S3_REGION must be/);
  });

  it('loadDatabasePath needs nothing else', () => {
    assert.equal(loadDatabasePath({}), './traydrop.db');
    assert.equal(loadDatabasePath({ DATABASE_PATH: '/x.db' }), '/x.db');
  });

  it('DATABASE_URL picks PostgreSQL and wins over DATABASE_PATH, with a warning when both are set', () => {
    const url = 'postgres://traydrop@db.example:5432/traydrop';
    assert.equal(loadConfig(FULL).databaseUrl, undefined, 'SQLite by default');
    assert.equal(loadConfig({ ...FULL, DATABASE_URL: url }).databaseUrl, url);
    assert.deepEqual(loadDatabaseSetting({ DATABASE_URL: url }), {
      path: './traydrop.db',
      url,
      preparedStatements: true,
    });
    assert.deepEqual(loadDatabaseSetting({}), { path: './traydrop.db' });
    assert.match(
      loadDatabaseSetting({ DATABASE_URL: url, DATABASE_PATH: '/x.db' }).warning ?? '',
      /DATABASE_PATH is ignored/,
    );
    // named prepared statements: on unless a pooler in transaction mode needs them off
    assert.equal(loadConfig(FULL).databasePreparedStatements, true);
    assert.equal(loadConfig({ ...FULL, DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements, false);
    assert.equal(
      loadDatabaseSetting({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'off' }).preparedStatements,
      false,
    );
    assert.match(
      errorOf(() => loadConfig({ ...FULL, DATABASE_PREPARED_STATEMENTS: 'maybe' })).message,
      /^DATABASE_PREPARED_STATEMENTS must be true or false/,
    );
    assert.match(
      errorOf(() => loadConfig({ ...FULL, DATABASE_URL: 'mysql://x/y' })).message,
      /^DATABASE_URL must be a postgres/,
    );
  });

  it('BYTES_OFFLOAD is off unless set to x-accel; its prefix and minimum size are checked', () => {
    assert.equal(loadConfig(FULL).bytesOffload, undefined);
    assert.equal(loadConfig({ ...FULL, BYTES_OFFLOAD: 'off' }).bytesOffload, undefined);
    const secret = 'a-secret-of-24-characters';
    assert.match(
      errorOf(() => loadConfig({ ...FULL, BYTES_OFFLOAD: 'x-accel' })).message,
      /^BYTES_OFFLOAD=x-accel needs BYTES_OFFLOAD_SECRET/,
    );
    assert.deepEqual(loadConfig({ ...FULL, BYTES_OFFLOAD: 'x-accel', BYTES_OFFLOAD_SECRET: secret }).bytesOffload, {
      secret,
      prefix: '/_traydrop_storage',
      minBytes: 1048576,
    });
    assert.deepEqual(
      loadConfig(
        { ...FULL, BYTES_OFFLOAD_SECRET: secret },
        { BYTES_OFFLOAD: 'x-accel', BYTES_OFFLOAD_PREFIX: '/bytes', BYTES_OFFLOAD_MIN_BYTES: 0 },
      ).bytesOffload,
      { secret, prefix: '/bytes', minBytes: 0 },
    );
    assert.match(errorOf(() => loadConfig({ ...FULL, BYTES_OFFLOAD: 'sendfile' })).message, /^BYTES_OFFLOAD must be/);
    assert.match(
      errorOf(() => loadConfig({ ...FULL, BYTES_OFFLOAD: 'x-accel', BYTES_OFFLOAD_PREFIX: 'no-slash' })).message,
      /^BYTES_OFFLOAD_PREFIX must be a path/,
    );
  });
});
