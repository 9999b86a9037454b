import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roleSessionName } from '../../server/sts/assume-role.ts';
import { sessionPolicy } from '../../server/sts/session-policy.ts';

describe('sessionPolicy', () => {
  const policy = sessionPolicy('test-bucket', 'alice', ['1d', '7d']);
  const byAction = (action: string) => policy.Statement.filter((s) => s.Action.includes(action));

  it('allows tagged writes under the user prefix only, with the allowed expire values', () => {
    const [put] = byAction('s3:PutObject');
    assert.ok(put);
    assert.deepEqual(put.Action, ['s3:PutObject', 's3:PutObjectTagging']);
    assert.deepEqual(put.Resource, ['arn:aws:s3:::test-bucket/users/alice/*']);
    assert.deepEqual(put.Condition, { StringEquals: { 's3:RequestObjectTag/expire': ['1d', '7d'] } });
  });

  it('allows read, abort and list-parts under the prefix without a condition', () => {
    const [read] = byAction('s3:GetObject');
    assert.ok(read);
    assert.deepEqual(read.Action.sort(), ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts']);
    assert.deepEqual(read.Resource, ['arn:aws:s3:::test-bucket/users/alice/*']);
    assert.equal(read.Condition, undefined);
  });

  it('allows listing the bucket only with the user prefix', () => {
    const [list] = byAction('s3:ListBucket');
    assert.ok(list);
    assert.deepEqual(list.Resource, ['arn:aws:s3:::test-bucket']);
    assert.deepEqual(list.Condition, { StringLike: { 's3:prefix': 'users/alice/*' } });
    assert.ok(list.Action.includes('s3:ListBucketMultipartUploads'));
  });

  it('grants nothing else: no delete, no wildcard actions or resources', () => {
    assert.equal(policy.Version, '2012-10-17');
    assert.equal(policy.Statement.length, 3);
    for (const s of policy.Statement) {
      assert.equal(s.Effect, 'Allow');
      for (const a of s.Action) assert.doesNotMatch(a, /\*|Delete/);
      for (const r of s.Resource) assert.match(r, /^arn:aws:s3:::test-bucket(\/users\/alice\/\*)?$/);
    }
  });

  it('is valid JSON of a sane size', () => {
    assert.ok(JSON.stringify(policy).length < 2048);
  });

  it('role session names are derived from the user id and fit STS limits', () => {
    assert.equal(roleSessionName('alice'), 'traydrop-alice');
    assert.equal(roleSessionName('a'.repeat(63)).length, 64);
  });
});
