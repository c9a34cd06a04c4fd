import type { SchemeId } from '../../../../shared/signing';
import { DEFAULT_CUSTOM, type BodyLanguage, type CustomDraft } from '../../store/signatures-slice';

/** A ready-made request per scheme: a realistic body and a secret in the scheme's own form. */
export interface LabExample {
  scheme: SchemeId;
  body: string;
  language: BodyLanguage;
  secret: string;
  /** Extra headers a real sender adds next to the signature. */
  headers: [string, string][];
  custom?: CustomDraft;
}

const json = (v: unknown): string => JSON.stringify(v, null, 2);

const GITHUB_PUSH = json({
  ref: 'refs/heads/main',
  before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
  after: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
  repository: { id: 1296269, full_name: 'octocat/Hello-World', private: false },
  pusher: { name: 'octocat', email: 'octocat@github.com' },
  commits: [
    {
      id: '0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c',
      message: 'Fix all the bugs',
      timestamp: '2024-05-14T09:12:43Z',
      author: { name: 'Monalisa Octocat', email: 'mona@github.com' },
    },
  ],
});

export const EXAMPLES: Record<SchemeId, LabExample> = {
  github: {
    scheme: 'github',
    body: GITHUB_PUSH,
    language: 'json',
    secret: "It's a Secret to Everybody",
    headers: [
      ['X-GitHub-Event', 'push'],
      ['X-GitHub-Delivery', '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
    ],
  },
  'standard-webhooks': {
    scheme: 'standard-webhooks',
    body: json({
      type: 'invoice.paid',
      timestamp: '2024-05-14T09:12:43Z',
      data: { id: 'inv_1042', amount: 4200, currency: 'EUR' },
    }),
    language: 'json',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    headers: [],
  },
  stripe: {
    scheme: 'stripe',
    body: json({
      id: 'evt_1PGk2tLkdIwHu7ixq4mS4nTa',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: {
        object: {
          id: 'pi_3PGk2s',
          object: 'payment_intent',
          amount: 2000,
          currency: 'usd',
          status: 'succeeded',
        },
      },
    }),
    language: 'json',
    secret: 'whsec_5fT9xq2LmN7vK3pR8sW1yZ4bC6dE0gH2',
    headers: [['User-Agent', 'Stripe/1.0 (+https://stripe.com/docs/webhooks)']],
  },
  sftptogo: {
    scheme: 'sftptogo',
    body: json({
      id: 'e5b2c1f0',
      topic: 'file.created',
      data: { path: '/uploads/report-2024-05.csv', size: 18233 },
    }),
    language: 'json',
    secret: 'Zk9vcXp3ZXJ0eXVpb3Bhc2RmZ2hqa2w',
    headers: [],
  },
  mftplus: {
    scheme: 'mftplus',
    body: json({
      event: 'transfer.completed',
      transfer: { id: 'trf_8812', file: 'invoices.zip', bytes: 5242880 },
    }),
    language: 'json',
    secret: 'mftplus-demo-secret-2024',
    headers: [],
  },
  exavault: {
    scheme: 'exavault',
    body: json({
      accountname: 'acme',
      username: 'jdoe',
      operation: 'Upload',
      protocol: 'https',
      path: '/Shared/contract.pdf',
    }),
    language: 'json',
    secret: '8c2a1f3b9d4e5f60718293a4b5c6d7e8',
    headers: [],
  },
  custom: {
    scheme: 'custom',
    body: '<?xml version="1.0" encoding="UTF-8"?>\n<order id="A-1042">\n  <status>shipped</status>\n  <carrier>DHL</carrier>\n</order>',
    language: 'xml',
    secret: 'custom-shared-secret',
    headers: [],
    custom: {
      ...DEFAULT_CUSTOM,
      header: 'X-Acme-Signature',
      prefix: 'sha512=',
      algorithm: 'sha512',
      encoding: 'base64',
      template: '{timestamp}.{body}',
      timestampHeader: 'X-Acme-Timestamp',
    },
  },
};

export const EXAMPLE_ORDER: SchemeId[] = [
  'github',
  'standard-webhooks',
  'stripe',
  'sftptogo',
  'mftplus',
  'exavault',
  'custom',
];
