/**
 * `traydrop-server notifications install|show|remove`: an RGW topic whose HTTP push endpoint is this
 * server's POST /internal/rgw-events/<NOTIFICATION_SECRET>, and a bucket notification (id = topic
 * name) that sends ObjectCreated:* and ObjectRemoved:* under a key prefix (users/ by default) to it.
 * Install is idempotent: it compares what is there and writes only what differs; other
 * notifications on the bucket are kept.
 */
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  type TopicConfiguration,
} from '@aws-sdk/client-s3';
import type { AppContext } from '../context.ts';
import { NOTIFICATION_PATH } from './route.ts';
import { decodeXml, signedRequest, xmlValue } from './signed-request.ts';

export const DEFAULT_TOPIC = 'traydrop-index';
export const EVENTS = ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'];

type Ctx = Pick<AppContext, 's3' | 'config'>;

export interface NotificationOptions {
  /** The server's URL as RGW reaches it (no trailing path). */
  url: string;
  topic?: string;
  prefix?: string;
}

export interface Topic {
  name: string;
  arn: string;
  endpoint: string;
  persistent: boolean;
}

export function pushEndpoint(url: string, secret: string): string {
  return `${url.replace(/\/+$/, '')}${NOTIFICATION_PATH}${secret}`;
}

async function sns(ctx: Ctx, form: Record<string, string>): Promise<string> {
  const response = await signedRequest(ctx.config, { service: 'sns', method: 'POST', path: '/', form });
  if (response.status !== 200)
    throw new Error(
      `RGW ${form.Action} answered ${response.status}: ${xmlValue(response.text, 'Code') ?? response.text}`,
    );
  return response.text;
}

export async function findTopic(ctx: Ctx, name: string): Promise<Topic | null> {
  const xml = await sns(ctx, { Action: 'ListTopics' });
  for (const m of xml.matchAll(/<member>([\s\S]*?)<\/member>/g)) {
    const member = m[1]!;
    if (xmlValue(member, 'Name') !== name) continue;
    return {
      name,
      arn: xmlValue(member, 'TopicArn') ?? '',
      endpoint: xmlValue(member, 'EndpointAddress') ?? '',
      persistent: xmlValue(member, 'Persistent')?.toLowerCase() === 'true',
    };
  }
  return null;
}

async function bucketTopics(ctx: Ctx): Promise<TopicConfiguration[]> {
  const got = await ctx.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: ctx.config.s3Bucket }));
  return got.TopicConfigurations ?? [];
}

function wanted(id: string, arn: string, prefix: string): TopicConfiguration {
  return {
    Id: id,
    TopicArn: arn,
    Events: [...EVENTS] as TopicConfiguration['Events'],
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
  };
}

const meaning = (c: TopicConfiguration | undefined): string =>
  c
    ? JSON.stringify([
        c.TopicArn,
        [...(c.Events ?? [])].sort(),
        (c.Filter?.Key?.FilterRules ?? []).map((r) => `${r.Name?.toLowerCase()}=${r.Value}`).sort(),
      ])
    : '';

export interface InstallResult {
  topic: 'created' | 'updated' | 'unchanged';
  notification: 'installed' | 'unchanged';
  endpoint: string;
  arn: string;
}

export async function installNotifications(ctx: Ctx, options: NotificationOptions): Promise<InstallResult> {
  const secret = ctx.config.notificationSecret;
  if (!secret) throw new Error('NOTIFICATION_SECRET is not set; the server has no notification endpoint without it');
  const name = options.topic ?? DEFAULT_TOPIC;
  const endpoint = pushEndpoint(options.url, secret);
  const existing = await findTopic(ctx, name);
  let arn = existing?.arn ?? '';
  let topic: InstallResult['topic'] = 'unchanged';
  if (!existing || existing.endpoint !== endpoint || existing.persistent) {
    // CreateTopic on an existing name replaces its attributes
    const xml = await sns(ctx, {
      Action: 'CreateTopic',
      Name: name,
      'Attributes.entry.1.key': 'push-endpoint',
      'Attributes.entry.1.value': endpoint,
      'Attributes.entry.2.key': 'persistent',
      'Attributes.entry.2.value': 'false',
    });
    arn = xmlValue(xml, 'TopicArn') ?? arn;
    topic = existing ? 'updated' : 'created';
  }
  const want = wanted(name, arn, options.prefix ?? 'users/');
  const current = await bucketTopics(ctx);
  if (topic === 'unchanged' && meaning(current.find((c) => c.Id === name)) === meaning(want))
    return { topic, notification: 'unchanged', endpoint, arn };
  await ctx.s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: ctx.config.s3Bucket,
      NotificationConfiguration: { TopicConfigurations: [...current.filter((c) => c.Id !== name), want] },
    }),
  );
  return { topic, notification: 'installed', endpoint, arn };
}

export async function showNotifications(ctx: Ctx, topicName = DEFAULT_TOPIC) {
  const topic = await findTopic(ctx, topicName);
  const notifications = await bucketTopics(ctx);
  const redact = (s: string): string => s.replace(/(\/internal\/rgw-events\/)[^/?]+/, '$1[secret]');
  return {
    topic: topic && { ...topic, endpoint: redact(topic.endpoint) },
    notifications,
  };
}

/** Removes the bucket notification, then the topic. Returns what was there. */
export async function removeNotifications(
  ctx: Ctx,
  topicName = DEFAULT_TOPIC,
): Promise<{ notification: boolean; topic: boolean }> {
  const had = (await bucketTopics(ctx)).some((c) => c.Id === topicName);
  if (had) {
    const response = await signedRequest(ctx.config, {
      service: 's3',
      method: 'DELETE',
      path: `/${ctx.config.s3Bucket}`,
      query: { notification: topicName },
    });
    if (response.status >= 300)
      throw new Error(`RGW DELETE ?notification answered ${response.status}: ${decodeXml(response.text)}`);
  }
  const topic = await findTopic(ctx, topicName);
  if (topic) await sns(ctx, { Action: 'DeleteTopic', TopicArn: topic.arn });
  return { notification: had, topic: topic !== null };
}
