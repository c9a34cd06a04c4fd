import { beforeAll, describe, expect, it } from 'vitest';
import { until, useHttpHost } from './api-client';

/**
 * `verifyAtInbox` of endpoints.create / endpoints.update through the headless host's HTTP API: an
 * endpoint pointed at one of Hookbench's own inboxes makes that inbox verify its signatures, so
 * its deliveries arrive "valid"; a second endpoint's secret is added, a scheme change is followed,
 * an inbox set up for another scheme is left alone. endpoints.update that changes the scheme
 * returns the new secret once. Bad input is refused with 400 and changes nothing.
 */

const TOKEN = 'inbox-link-token';
let base: string;

const h = useHttpHost(TOKEN);

beforeAll(async () => {
  base = (await h.api.call('receiver.status')).http.baseUrl;
});

const inbox = async (slug: string) => (await h.api.call('inboxes.list')).items.find((i: { slug: string }) => i.slug === slug);
const refused = async (method: string, input: unknown) => {
  const err = await h.api.call(method, input).then(
    () => null,
    (e: { status: number; body: { error: { code: string; message: string; issues?: { path: string[] }[] } } }) => e,
  );
  expect(err, `${method} should be refused`).not.toBeNull();
  expect(err!.status).toBe(400);
  expect(err!.body.error.code).toBe('invalid_input');
  return err!.body.error;
};
/** Sends one event to the endpoint and returns the signature status the inbox recorded for it. */
async function deliveredStatus(endpointId: string, slug: string): Promise<string> {
  const before = (await h.api.call('requests.list', { inbox: slug })).total as number;
  await h.api.call('events.send', { topic: 'order.paid', payload: { n: before }, endpointIds: [endpointId] });
  return until(async () => {
    const { items, total } = await h.api.call('requests.list', { inbox: slug });
    return total > before ? (items[0].signature?.status as string) : null;
  });
}

describe('endpoints verifyAtInbox through the HTTP API', () => {
  it('a new endpoint at a local inbox makes it verify; a second is added; a scheme change is followed and its secret shown once', async () => {
    await h.api.call('inboxes.create', { slug: 'linked', name: 'Linked' });
    const first = await h.api.call('endpoints.create', {
      name: 'first',
      url: `${base}/linked/hooks`,
      topics: ['order.*'],
      retry: { delays: [] },
      verifyAtInbox: true,
    });
    expect(first.inbox).toMatchObject({ slug: 'linked', name: 'Linked', result: 'started' });
    expect(first.inbox.message).toContain('Linked');
    expect((await inbox('linked')).verify).toMatchObject({ scheme: 'standard-webhooks', secrets: [first.secret] });
    expect(await deliveredStatus(first.id, 'linked')).toBe('valid');

    // localhost names the same receiver; a second endpoint of the same scheme is added.
    const second = await h.api.call('endpoints.create', {
      name: 'second',
      url: `${base.replace('127.0.0.1', 'localhost')}/linked`,
      topics: ['order.*'],
      retry: { delays: [] },
      verifyAtInbox: true,
    });
    expect(second.inbox.result).toBe('added');
    expect((await inbox('linked')).verify.secrets).toEqual([second.secret, first.secret]);
    expect(await deliveredStatus(second.id, 'linked')).toBe('valid');

    // Same again: nothing to change.
    const again = await h.api.call('endpoints.update', { id: second.id, verifyAtInbox: true });
    expect(again.inbox.result).toBe('unchanged');
    expect(again.secret).toBeUndefined();

    // A new secret of the user's for the first endpoint replaces its old one in the inbox.
    const mine = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
    const resecret = await h.api.call('endpoints.update', { id: first.id, signing: { secret: mine }, verifyAtInbox: true });
    expect(resecret.secret).toBeUndefined();
    expect(resecret.inbox.result).toBe('replaced');
    expect((await inbox('linked')).verify.secrets).toEqual([mine, second.secret]);

    // A new scheme for the second endpoint: the inbox also verifies the first one, so it is left as it is.
    const github = await h.api.call('endpoints.update', { id: second.id, signing: { scheme: 'github' }, verifyAtInbox: true });
    expect(github.signing.scheme).toBe('github');
    expect(github.secret).toEqual(expect.any(String));
    expect(github.secret).not.toBe(second.secret);
    expect(github.signing.secretHint).toBe(`${github.secret.slice(0, 4)}…${github.secret.slice(-2)}`);
    expect(github.inbox.result).toBe('unchanged');
    expect((await inbox('linked')).verify.scheme).toBe('standard-webhooks');
    // The secret is shown that once: reading the endpoint never returns it.
    expect((await h.api.call('endpoints.get', { id: second.id })).secret).toBeUndefined();
    expect((await h.api.call('endpoints.list')).items.every((e: object) => !('secret' in e))).toBe(true);
    await h.api.call('endpoints.delete', { id: second.id });
    await h.api.call('endpoints.delete', { id: first.id });
  });

  it('rotating the secret makes the local inbox verify the new one first and keep the old one; other inboxes are left alone', async () => {
    await h.api.call('inboxes.create', { slug: 'rotating', name: 'Rotating' });
    const ep = await h.api.call('endpoints.create', { name: 'rot', url: `${base}/rotating/x`, topics: ['order.*'], retry: { delays: [] }, verifyAtInbox: true });
    const rotated = await h.api.call('endpoints.rotateSecret', { id: ep.id, overlapSeconds: 60 });
    expect(rotated.inbox).toMatchObject({ slug: 'rotating', result: 'added' });
    expect((await inbox('rotating')).verify.secrets).toEqual([rotated.secret, ep.secret]);
    // An endpoint whose inbox never verified it: the rotation leaves that inbox as it is.
    await h.api.call('inboxes.create', { slug: 'plain', name: 'Plain' });
    const other = await h.api.call('endpoints.create', { name: 'plain', url: `${base}/plain/x`, topics: ['order.*'], retry: { delays: [] } });
    const again = await h.api.call('endpoints.rotateSecret', { id: other.id, overlapSeconds: 0 });
    expect(again.inbox).toBeUndefined();
    expect((await inbox('plain')).verify ?? null).toBeNull();
    await h.api.call('endpoints.delete', { id: ep.id });
    await h.api.call('endpoints.delete', { id: other.id });
  });

  it('an inbox that verified only this endpoint follows its new scheme; one set up for another scheme is left alone', async () => {
    await h.api.call('inboxes.create', { slug: 'follow', name: 'Follow' });
    const ep = await h.api.call('endpoints.create', { name: 'follow', url: `${base}/follow/x`, topics: ['order.*'], retry: { delays: [] }, verifyAtInbox: true });
    const changed = await h.api.call('endpoints.update', { id: ep.id, signing: { scheme: 'github' }, verifyAtInbox: true });
    expect(changed.inbox.result).toBe('replaced');
    expect((await inbox('follow')).verify).toMatchObject({ scheme: 'github', secrets: [changed.secret] });
    expect(await deliveredStatus(ep.id, 'follow')).toBe('valid');

    // Without verifyAtInbox a scheme change still returns the new secret once, and the inbox is not touched.
    const quiet = await h.api.call('endpoints.update', { id: ep.id, signing: { scheme: 'standard-webhooks' } });
    expect(quiet.secret).toMatch(/^whsec_/);
    expect(quiet.inbox).toBeUndefined();
    expect((await inbox('follow')).verify).toMatchObject({ scheme: 'github', secrets: [changed.secret] });
    // The inbox still looks for GitHub's header, so the delivery is not verified.
    expect(await deliveredStatus(ep.id, 'follow')).toBe('unsigned');

    await h.api.call('inboxes.create', { slug: 'other', name: 'Other', verify: { scheme: 'stripe', secrets: ['whsec_users_own'] } });
    const left = await h.api.call('endpoints.create', { name: 'left', url: `${base}/other`, topics: ['order.*'], verifyAtInbox: true });
    expect(left.inbox.result).toBe('unchanged');
    expect(left.inbox.message).toMatch(/verifies Stripe signatures/i);
    expect((await inbox('other')).verify).toMatchObject({ scheme: 'stripe', secrets: ['whsec_users_own'] });
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    await h.api.call('inboxes.create', { slug: 'guarded', name: 'Guarded' });
    const count = async () => (await h.api.call('endpoints.list')).items.length;
    const n = await count();
    const create = { name: 'bad', topics: ['order.*'] };

    const remote = await refused('endpoints.create', { ...create, url: 'https://example.com/guarded', verifyAtInbox: true });
    expect(remote.message).toContain(base);
    expect(remote.issues?.[0].path).toEqual(['verifyAtInbox']);
    // Another port on loopback is not this receiver.
    await refused('endpoints.create', { ...create, url: 'http://127.0.0.1:1/guarded', verifyAtInbox: true });
    // The receiver's address without an inbox, and an inbox that does not exist.
    await refused('endpoints.create', { ...create, url: `${base}/`, verifyAtInbox: true });
    const missing = await refused('endpoints.create', { ...create, url: `${base}/no-such-inbox/x`, verifyAtInbox: true });
    expect(missing.message).toContain('no-such-inbox');
    expect(missing.issues?.[0].path).toEqual(['url']);
    await refused('endpoints.create', { ...create, url: `${base}/guarded`, verifyAtInbox: 'yes' });
    await refused('endpoints.create', { ...create, url: `${base}/guarded`, verifyAtInbox: null });
    expect(await count()).toBe(n);
    expect((await inbox('guarded')).verify).toBeNull();

    const ep = await h.api.call('endpoints.create', { ...create, name: 'elsewhere', url: 'https://example.com/hook' });
    expect(ep.inbox).toBeUndefined();
    const out = await refused('endpoints.update', { id: ep.id, name: 'renamed', verifyAtInbox: true });
    expect(out.issues?.[0].path).toEqual(['verifyAtInbox']);
    const after = await h.api.call('endpoints.get', { id: ep.id });
    expect(after.name).toBe('elsewhere');
    // A bad scheme change is refused before anything is generated or linked.
    await refused('endpoints.update', { id: ep.id, url: `${base}/guarded`, signing: { scheme: 'no-such-scheme' }, verifyAtInbox: true });
    await refused('endpoints.update', { id: ep.id, url: `${base}/guarded`, signing: { scheme: 'custom' }, verifyAtInbox: true });
    expect((await h.api.call('endpoints.get', { id: ep.id })).signing.secretHint).toBe(after.signing.secretHint);
    expect((await inbox('guarded')).verify).toBeNull();
  });
});
