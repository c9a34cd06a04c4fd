import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import { sign, verify } from '../../../src/core/signing';

const SECRET = "It's a Secret to Everybody";
const OTHER = 'a-completely-different-secret';
const BODY = '{"action":"opened","number":42,"repository":{"full_name":"octo/hookbench"}}';
const T = 1_767_225_600;

const ours = (secrets: string[], body = BODY) =>
  sign({ scheme: 'github', secrets, body: Buffer.from(body), id: 'delivery-1', timestamp: T });

const check = (secrets: string[], headers: [string, string][], body = BODY) =>
  verify({ scheme: 'github', secrets, body: Buffer.from(body), headers, now: T });

describe('github', () => {
  it("matches GitHub's documented example", () => {
    const { headers } = ours([SECRET], 'Hello, World!');
    expect(headers).toEqual([
      ['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'],
    ]);
  });

  it('our signature passes @octokit/webhooks-methods verify', async () => {
    const [[name, value]] = ours([SECRET]).headers;
    expect(name).toBe('X-Hub-Signature-256');
    expect(value).toBe(await octokitSign(SECRET, BODY));
    expect(await octokitVerify(SECRET, BODY, value)).toBe(true);
    expect(await octokitVerify(OTHER, BODY, value)).toBe(false);
  });

  it("octokit's signature verifies as valid (header names are case-insensitive)", async () => {
    const signature = await octokitSign(SECRET, BODY);
    const report = check([SECRET], [['x-hub-signature-256', signature]]);
    expect(report).toMatchObject({
      status: 'valid',
      matchedSecretIndex: 0,
      received: [signature],
      signedContent: BODY,
      hints: [],
    });
    expect(report.timestamp).toBeUndefined();
    expect(report.expected).toEqual([{ secretIndex: 0, secretHint: "It's…dy", value: signature }]);
  });

  it('a tampered body is invalid with a reason', async () => {
    const report = check(
      [SECRET],
      [['X-Hub-Signature-256', await octokitSign(SECRET, BODY)]],
      BODY.replace('42', '43'),
    );
    expect(report.status).toBe('invalid');
    expect(report.reason).toBe(
      'The signature does not match what the configured secret produces for this body.',
    );
  });

  it('a wrong secret is invalid and lists the expected value per secret', async () => {
    const received = await octokitSign(SECRET, BODY);
    const report = check([OTHER, 'second-wrong-secret'], [['X-Hub-Signature-256', received]]);
    expect(report.status).toBe('invalid');
    expect(report.reason).toBe(
      'The signature does not match what any of the 2 configured secrets produces for this body.',
    );
    expect(report.expected).toEqual([
      { secretIndex: 0, secretHint: 'a-co…et', value: await octokitSign(OTHER, BODY) },
      { secretIndex: 1, secretHint: 'seco…et', value: await octokitSign('second-wrong-secret', BODY) },
    ]);
  });

  it('a missing header is unsigned, and names the header that is there', async () => {
    const report = check([SECRET], [['X-Hub-Signature', 'sha1=0123']]);
    expect(report.status).toBe('unsigned');
    expect(report.reason).toBe(
      'The request has no X-Hub-Signature-256 header, so it carries no GitHub signature.',
    );
    expect(report.hints).toEqual([
      'The request carries X-Hub-Signature, the SFTP To Go signature header; choose SFTP To Go to verify it.',
    ]);
  });

  it('a value in the wrong form is invalid with the form spelled out', () => {
    const report = check([SECRET], [['X-Hub-Signature-256', 'sha1=abcdef']]);
    expect(report.reason).toBe(
      'The X-Hub-Signature-256 value "sha1=abcdef" does not have the form sha256=<64 hex characters>.',
    );
  });

  it('rotation: only the current secret signs; the receiver accepts either secret', async () => {
    expect(ours([SECRET, OTHER]).headers).toEqual(ours([SECRET]).headers);
    const fromOld = await octokitSign(OTHER, BODY);
    expect(check([SECRET, OTHER], [['X-Hub-Signature-256', fromOld]])).toMatchObject({
      status: 'valid',
      matchedSecretIndex: 1,
    });
    const fromNew = await octokitSign(SECRET, BODY);
    expect(check([SECRET, OTHER], [['X-Hub-Signature-256', fromNew]])).toMatchObject({
      status: 'valid',
      matchedSecretIndex: 0,
    });
  });

  it('no timestamp means no staleness, however late it is verified', async () => {
    const headers: [string, string][] = [['X-Hub-Signature-256', await octokitSign(SECRET, BODY)]];
    expect(
      verify({ scheme: 'github', secrets: [SECRET], body: Buffer.from(BODY), headers, now: T + 86_400 })
        .status,
    ).toBe('valid');
  });
});
