import { answer, byId, ok } from '../support/api';
import { candidate, linkIn, openCampaign } from '../support/campaign';
import { toFollowUp } from '../support/campaign';
import { Stack } from '../support/stack';

/**
 * Issue 13, admin pages: an admin rotates anyone's key (shown once, the old one stops at once,
 * audited without the key), and a regulator in scope and an admin re-send an evaluation link.
 */
describe('rotating a principal key, and re-sending an evaluation link', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await Stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('gives a new key once; the old key answers 401 at once; the audit names the rotation, not the key', async () => {
    const admin = stack.api();
    const regulator = await ok(
      admin.POST('/v1/principals', {
        body: { role: 'regulator', name: '杭州市市场监管局', email: 'keys@hz.example', regionCode: '330100' },
      }),
    );
    const oldKey = regulator.apiKey!;
    expect((await stack.request('GET', '/v1/rounds', { key: oldKey })).status).toBe(200);

    const rotated = await answer(admin.POST('/v1/principals/{id}/key', byId(regulator.id)));
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ id: regulator.id, role: 'regulator', regionCode: '330100' });
    const newKey = rotated.body.apiKey as string;
    expect(newKey.startsWith(`${rotated.body.keyPrefix}_`)).toBe(true);
    expect(rotated.body.keyPrefix).not.toBe(regulator.keyPrefix);

    expect((await stack.request('GET', '/v1/rounds', { key: oldKey })).status).toBe(401);
    expect((await stack.request('GET', '/v1/rounds', { key: newKey })).status).toBe(200);
    // Not the principal's own to do: only an admin rotates.
    expect((await stack.request('POST', `/v1/principals/${regulator.id}/key`, { key: newKey })).status).toBe(
      403,
    );

    const { items } = await ok(
      admin.GET('/v1/audit', {
        params: { query: { targetId: regulator.id, route: '/v1/principals/:id/key' } },
      }),
    );
    const entry = items.find((e) => e.statusCode === 201)!;
    expect(entry).toMatchObject({
      method: 'POST',
      outcome: 'succeeded',
      details: { keyPrefix: rotated.body.keyPrefix },
    });
    expect(JSON.stringify(items)).not.toContain(newKey);

    // Revoked: no key to rotate, and nothing revives it.
    await ok(admin.POST('/v1/principals/{id}/revoke', byId(regulator.id)));
    const refused = await answer(admin.POST('/v1/principals/{id}/key', byId(regulator.id)));
    expect(refused.status).toBe(409);
    expect((await stack.request('GET', '/v1/rounds', { key: newKey })).status).toBe(401);
    expect(
      (await answer(admin.POST('/v1/principals/{id}/key', byId('00000000-0000-4000-8000-000000000000'))))
        .status,
    ).toBe(404);
  });

  it('lets an in-scope regulator and an admin re-send an evaluation link; each earlier link stops working', async () => {
    const c = await openCampaign(stack, { evaluationOffsets: ['PT1S'] }, 'resend');
    const enterprise = candidate(8301);
    const { id } = await toFollowUp(stack, c, enterprise, {
      outcome: 'certified',
      certificateNumber: '00126Q30082R0S',
      issuedOn: '2026-11-20',
    });
    const toEnterprise = (count: number) =>
      stack.mail.waitFor(
        (m) => JSON.stringify(m.to).includes(enterprise.email) && (m.subject ?? '').includes('第1次'),
        count,
      );
    const tokens = [linkIn((await toEnterprise(1))[0].text).token];

    for (const [who, key, n] of [
      ['regulator', c.regulatorKey, 2],
      ['admin', stack.adminKey, 3],
    ] as const) {
      const sent = await answer(
        stack.api(key).POST('/v1/journeys/{id}/evaluations/{n}/link', { params: { path: { id, n: 1 } } }),
      );
      expect({ who, status: sent.status }).toEqual({ who, status: 202 });
      const mails = await toEnterprise(n);
      const fresh = mails.map((m) => linkIn(m.text).token).find((t) => !tokens.includes(t));
      expect(fresh).toBeDefined();
      tokens.push(fresh!);
    }
    // A regulator of another division does not see the journey at all.
    const elsewhere = await ok(
      stack.api().POST('/v1/principals', {
        body: {
          role: 'regulator',
          name: '宁波市市场监管局',
          email: 'nb@resend.example',
          regionCode: '330200',
        },
      }),
    );
    expect(
      (
        await answer(
          stack
            .api(elsewhere.apiKey)
            .POST('/v1/journeys/{id}/evaluations/{n}/link', { params: { path: { id, n: 1 } } }),
        )
      ).status,
    ).toBe(404);

    const evaluation = {
      satisfaction: 'satisfied' as const,
      effectiveness: 'very_obvious' as const,
      metrics: { revenue: 1300, sales: 1200, profitMargin: 7, qualityCostRate: 3.8, firstPassYield: 95 },
    };
    for (const old of tokens.slice(0, -1)) {
      const refused = await answer(
        stack
          .api(null)
          .POST('/v1/evaluations/{token}', { params: { path: { token: old } }, body: evaluation }),
      );
      expect(refused.status).toBe(409);
    }
    const answered = await answer(
      stack.api(null).POST('/v1/evaluations/{token}', {
        params: { path: { token: tokens[tokens.length - 1] } },
        body: evaluation,
      }),
    );
    expect(answered.status).toBe(200);
  });
});
