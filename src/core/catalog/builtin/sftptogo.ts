import type { CatalogEntry } from '../../../shared/catalog';
import type { IdentityField } from '../../../shared/identity';
import { body, jsonEvent } from './define';

/**
 * SFTP To Go (seeds 000 and 001). file.created, file.deleted and webhook.ping are the payloads of
 * seed 000's "Event Format" sections, field for field; file.downloaded (named in seed 001, no
 * example given) follows the same envelope.
 */

const ORG = 'd57060b1-23fe-2d59-afd0-7f56d9e1fc55';
const WEBHOOK = '7f3c5b1d-5df4-409f-bbbd-3ac6a72d8b5a';

/**
 * Seed 000: the event's Id is repeated in Metadata.Event.Id, CreatedAt / UpdatedAt are epoch
 * milliseconds, and Metadata carries the webhook, delivery and attempt ids (all UUIDs). A retried
 * delivery keeps its Delivery.Id and gets a new Attempt.Id.
 */
const identity: IdentityField[] = [
  body('Id', 'event.id', 'uuid'),
  body('CreatedAt', 'event.time', 'epoch-ms'),
  body('UpdatedAt', 'event.time', 'epoch-ms'),
  body('Metadata.Webhook.Id', 'endpoint.id', 'uuid'),
  body('Metadata.Delivery.Id', 'delivery.id', 'uuid'),
  body('Metadata.Attempt.Id', 'attempt.id', 'uuid'),
  body('Metadata.Event.Id', 'event.id', 'uuid'),
];

export const sftpToGoEvents: CatalogEntry[] = [
  jsonEvent(
    'sftptogo',
    'file.created',
    'file',
    'A file or directory was created (a Data.Path ending in "/" is a directory).',
    {
      Id: '36cd78bc-0662-43b1-a7aa-0cde4876ab2a',
      Topic: 'file.created',
      CreatedAt: 1591106805970,
      UpdatedAt: 1591106805970,
      Actor: { Type: 'User', Id: '4ddb9e1265b8edb7685b4e1a5d129f' },
      Resource: 'File',
      PreviousData: null,
      Data: { Path: 'dir/file1.txt', Size: 357464 },
      Metadata: {
        Organization: { Id: ORG },
        Webhook: { Id: WEBHOOK },
        Delivery: { Id: '0a4ed750-fbb8-4718-8a6c-86c35c9b6348' },
        Attempt: { Id: '2cb02803-b3a4-4ccd-bd19-ad769c51b291' },
        Event: { Id: '36cd78bc-0662-43b1-a7aa-0cde4876ab2a', Topic: 'file.created' },
      },
    },
    identity,
  ),
  jsonEvent(
    'sftptogo',
    'file.deleted',
    'file',
    'A file or directory was deleted (a Data.Path ending in "/" is a directory).',
    {
      Id: 'f63ad40e-711d-482b-979a-dca97281d8b7',
      Topic: 'file.deleted',
      CreatedAt: 1591106814353,
      UpdatedAt: 1591106814353,
      Actor: { Type: 'IAM', Id: 'AIDAIKEQXZMPCW5OVTUWU' },
      Resource: 'File',
      PreviousData: null,
      Data: { Path: 'dir/file1.txt', Size: null },
      Metadata: {
        Organization: { Id: ORG },
        Webhook: { Id: WEBHOOK },
        Delivery: { Id: 'aecd305e-f080-4c87-b40b-6b3d5d0d17db' },
        Attempt: { Id: '7dc9f0dc-06ad-4585-a9fd-5ac36d73f817' },
        Event: { Id: 'f63ad40e-711d-482b-979a-dca97281d8b7', Topic: 'file.deleted' },
      },
    },
    identity,
  ),
  jsonEvent(
    'sftptogo',
    'file.downloaded',
    'file',
    'A file was downloaded.',
    {
      Id: '9b1f3c52-7e2a-4d8b-a6c1-3f5e8d2b7a90',
      Topic: 'file.downloaded',
      CreatedAt: 1591106823517,
      UpdatedAt: 1591106823517,
      Actor: { Type: 'User', Id: '4ddb9e1265b8edb7685b4e1a5d129f' },
      Resource: 'File',
      PreviousData: null,
      Data: { Path: 'dir/file1.txt', Size: 357464 },
      Metadata: {
        Organization: { Id: ORG },
        Webhook: { Id: WEBHOOK },
        Delivery: { Id: '5d2e8a17-c4b3-4f6e-9a0d-1e7b3c5f8a24' },
        Attempt: { Id: 'e8a4c2d6-3b1f-4a7e-8c5d-9f0b2e6a1c37' },
        Event: { Id: '9b1f3c52-7e2a-4d8b-a6c1-3f5e8d2b7a90', Topic: 'file.downloaded' },
      },
    },
    identity,
  ),
  jsonEvent(
    'sftptogo',
    'webhook.ping',
    'webhook',
    'A test event sent on demand ("Ping webhook") to check that the endpoint receives notifications.',
    {
      Id: '2e579289-4c4a-4085-9b43-74020865cdda',
      Topic: 'webhook.ping',
      CreatedAt: 1590911947688,
      UpdatedAt: 1590911947688,
      Resource: 'webhook',
      PreviousData: null,
      Data: {
        Topics: ['file.created', 'file.deleted'],
        State: 'paused',
        Alias: 'Test Webhook',
        CreatedAt: 1590501031122,
        Id: '6b1c6f0c-52c1-47a6-9344-57a4579ced68',
        OrganizationId: ORG,
        UpdatedAt: 1590911941179,
        Url: 'https://webhook.site/394f2074-e56f-4110-7bf7-ca14a1f48b7c',
      },
      Metadata: {
        Webhook: { Id: '6b1c6f0c-52c1-47a6-9344-57a4579ced68' },
        Delivery: { Id: 'c7ce90e6-5708-43b1-a052-13991f45c771' },
        Attempt: { Id: '2e241efe-d22f-4fe7-aab9-adcde63fca6d' },
        Event: { Id: '2e579289-4c4a-4085-9b43-74020865cdda', Topic: 'webhook.ping' },
      },
    },
    // The webhook's own id is Data.Id as well as Metadata.Webhook.Id.
    [...identity, body('Data.Id', 'endpoint.id', 'uuid')],
  ),
];
