/** The sign-in settings of the server's configuration: PASSWORD_SIGN_IN and the OIDC_* group, with clear refusals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.ts';

const FULL = {
  S3_ENDPOINT: 'http://127.0.0.1:7480',
  S3_REGION: 'us-east-1',
  S3_BUCKET: 'test-bucket',
  STS_ROLE_ARN: 'arn:aws:iam:::role/uploader',
  BROKER_ACCESS_KEY_ID: 'AK',
  BROKER_SECRET_ACCESS_KEY: 'SK',
  SHARE_BASE_URL: 'https://s.example.com/',
};
const OIDC = { OIDC_ISSUER: 'https://id.example.com/', OIDC_CLIENT_ID: 'traydrop', OIDC_CLIENT_SECRET: 's3cret' };

describe('sign-in configuration', () => {
  it('passwords are on by default; PASSWORD_SIGN_IN=false (env) or false (file) turns them off; junk is refused', () => {
    assert.equal(loadConfig(FULL).passwordSignIn, true);
    assert.equal(loadConfig({ ...FULL, PASSWORD_SIGN_IN: 'false' }).passwordSignIn, false);
    assert.equal(loadConfig(FULL, { PASSWORD_SIGN_IN: false }).passwordSignIn, false);
    assert.throws(
      () => loadConfig({ ...FULL, PASSWORD_SIGN_IN: 'maybe' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.message, 'PASSWORD_SIGN_IN must be true or false, got "maybe"');
        return true;
      },
    );
  });

  it('OIDC is off without OIDC_ISSUER, and read in full with it', () => {
    assert.equal(loadConfig(FULL).oidc, undefined);
    const config = loadConfig({
      ...FULL,
      ...OIDC,
      OIDC_EMAIL_DOMAINS: 'Example.com, corp.example',
      OIDC_CREATE_USERS: 'true',
    });
    assert.deepEqual(config.oidc, {
      issuer: 'https://id.example.com',
      clientId: 'traydrop',
      clientSecret: 's3cret',
      emailDomains: ['example.com', 'corp.example'],
      groupsClaim: 'groups',
      createUsers: true,
    });
    const group = loadConfig({ ...FULL, ...OIDC, OIDC_REQUIRED_GROUP: 'traydrop', OIDC_GROUPS_CLAIM: 'roles' }).oidc;
    assert.equal(group?.requiredGroup, 'traydrop');
    assert.equal(group?.groupsClaim, 'roles');
    assert.equal(group?.createUsers, false, 'no new users unless asked');
  });

  it('OIDC without a client, or without a rule for who may come in, is refused by name', () => {
    assert.throws(
      () => loadConfig({ ...FULL, OIDC_ISSUER: 'https://id.example.com' }),
      /OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/,
    );
    assert.throws(
      () => loadConfig({ ...FULL, ...OIDC }),
      /OIDC_ISSUER needs OIDC_EMAIL_DOMAINS or OIDC_REQUIRED_GROUP/,
    );
    assert.throws(
      () => loadConfig({ ...FULL, ...OIDC, OIDC_REQUIRED_GROUP: 'x', OIDC_ISSUER: 'id.example.com' }),
      /OIDC_ISSUER must be an http\(s\) URL/,
    );
  });
});
