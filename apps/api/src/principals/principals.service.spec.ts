import type { UpliftConfig } from '@uplift/config';
import { ConflictError, InvalidInputError, NotFoundError } from '@uplift/domain';
import { FakeCertificationBodyRepository, FakePrincipalRepository } from '../testing/fake-repositories';
import { PrincipalsService } from './principals.service';

const BODY = '3f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c01';
const CONFIGURED = 'operator-chosen-admin-key-0001';

describe('PrincipalsService', () => {
  let principals: FakePrincipalRepository;
  let printed: string[];

  const serviceWith = (adminKey?: string) =>
    new PrincipalsService(
      { UPLIFT_ADMIN_KEY: adminKey } as UpliftConfig,
      principals,
      new FakeCertificationBodyRepository([{ id: BODY, code: 'CNCA-R-2002-001', name: 'body' }]),
    );

  beforeEach(() => {
    principals = new FakePrincipalRepository();
    printed = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed.push(String(chunk));
      return true;
    });
  });

  afterEach(() => jest.restoreAllMocks());

  describe('create and authenticate', () => {
    it('stores only the hash and prefix of the key it returns once, and the key then authenticates', async () => {
      const service = serviceWith();
      const { principal, apiKey } = await service.create({
        role: 'regulator',
        name: '杭州市市场监管局',
        email: 'r@hz.gov.cn',
        regionCode: '330100',
      });
      expect(apiKey.startsWith(`${principal.keyPrefix}_`)).toBe(true);
      expect(principals.rows[0].keyHash).not.toContain(apiKey);
      expect(await service.authenticate(apiKey)).toBe(principal);
      expect(await service.authenticate(`${apiKey}x`)).toBeNull();
    });

    it('rotates a key: the new one authenticates, the old one no longer; a revoked principal keeps none', async () => {
      const service = serviceWith();
      const { principal, apiKey: old } = await service.create({ role: 'admin', name: 'a', email: 'a@x.cn' });
      const { apiKey } = await service.rotateKey(principal.id);
      expect(await service.authenticate(apiKey)).toBe(principal);
      expect(await service.authenticate(old)).toBeNull();
      await service.revoke(principal.id);
      await expect(service.rotateKey(principal.id)).rejects.toBeInstanceOf(ConflictError);
      await expect(service.rotateKey('00000000-0000-4000-a000-000000000099')).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });

    it('keeps a region for regulators only and a body for certification bodies only', async () => {
      const service = serviceWith();
      const { principal: regulator } = await service.create({
        role: 'regulator',
        name: 'r',
        email: 'r@hz.gov.cn',
        regionCode: '330100',
      });
      const { principal: body } = await service.create({
        role: 'certification_body',
        name: 'b',
        email: 'b@cb.cn',
        certificationBodyId: BODY,
      });
      expect([regulator.regionCode, regulator.certificationBodyId]).toEqual(['330100', null]);
      expect([body.regionCode, body.certificationBodyId]).toEqual([null, BODY]);
    });

    it('refuses a certification body that is not registered, storing nothing', async () => {
      const attempt = serviceWith().create({
        role: 'certification_body',
        name: 'b',
        email: 'b@cb.cn',
        certificationBodyId: '9f0b7a4e-6a0c-4a59-9b5e-2f1d9d6a9c09',
      });
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      expect(principals.rows).toHaveLength(0);
    });

    it('does not look up a key longer than any it issues', async () => {
      const lookup = jest.spyOn(principals, 'activeByKeyHash');
      expect(await serviceWith().authenticate('k'.repeat(513))).toBeNull();
      expect(lookup).not.toHaveBeenCalled();
    });
  });

  describe('revoke', () => {
    it('stops the key at once and keeps the first revocation time when revoked twice', async () => {
      const service = serviceWith();
      const { principal, apiKey } = await service.create({ role: 'admin', name: 'a', email: 'a@x.cn' });
      const first = (await service.revoke(principal.id)).revokedAt;
      expect(first).toBeInstanceOf(Date);
      expect(await service.authenticate(apiKey)).toBeNull();
      expect((await service.revoke(principal.id)).revokedAt).toEqual(first);
    });

    it('answers not found for an unknown principal and refuses the bootstrap admin', async () => {
      const service = serviceWith(CONFIGURED);
      await service.onApplicationBootstrap();
      await expect(service.revoke('00000000-0000-4000-a000-000000000099')).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(service.revoke(principals.rows[0].id)).rejects.toBeInstanceOf(ConflictError);
      expect(principals.rows[0].revokedAt).toBeNull();
    });
  });

  describe('the bootstrap admin', () => {
    it('is created from UPLIFT_ADMIN_KEY, whose key then authenticates', async () => {
      await serviceWith(CONFIGURED).onApplicationBootstrap();
      const [admin] = principals.rows;
      expect(admin).toMatchObject({ isBootstrap: true, role: 'admin', keyPrefix: 'oper…' });
      expect(await serviceWith(CONFIGURED).authenticate(CONFIGURED)).toBe(admin);
      expect(printed.join('')).not.toContain(CONFIGURED);
    });

    it('is generated and its key printed once when UPLIFT_ADMIN_KEY is unset', async () => {
      await serviceWith().onApplicationBootstrap();
      await serviceWith().onApplicationBootstrap();
      expect(principals.rows).toHaveLength(1);
      expect(printed).toHaveLength(1);
      const key = /API key \(shown once, store it now\): (\S+)/.exec(printed[0])![1];
      expect(await serviceWith().authenticate(key)).toBe(principals.rows[0]);
    });

    it('rotates through the API: the previous key stops working and the new one works', async () => {
      const service = serviceWith(CONFIGURED);
      await service.onApplicationBootstrap();
      const { principal, apiKey } = await service.rotateBootstrap();
      expect(principal.id).toBe(principals.rows[0].id);
      expect(await service.authenticate(CONFIGURED)).toBeNull();
      expect(await service.authenticate(apiKey)).toBe(principal);
    });

    it('keeps a key rotated through the API across restarts with the same variable', async () => {
      await serviceWith(CONFIGURED).onApplicationBootstrap();
      const { apiKey } = await serviceWith(CONFIGURED).rotateBootstrap();
      await serviceWith(CONFIGURED).onApplicationBootstrap();
      expect(await serviceWith(CONFIGURED).authenticate(apiKey)).not.toBeNull();
      expect(await serviceWith(CONFIGURED).authenticate(CONFIGURED)).toBeNull();
    });

    it('takes a new value of the variable as a rotation', async () => {
      await serviceWith(CONFIGURED).onApplicationBootstrap();
      const next = 'operator-chosen-admin-key-0002';
      await serviceWith(next).onApplicationBootstrap();
      expect(principals.rows).toHaveLength(1);
      expect(await serviceWith(next).authenticate(CONFIGURED)).toBeNull();
      expect(await serviceWith(next).authenticate(next)).toBe(principals.rows[0]);
    });

    it('cannot be rotated through the API when there is none', async () => {
      await expect(serviceWith().rotateBootstrap()).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it('lists principals oldest first', async () => {
    const service = serviceWith(CONFIGURED);
    await service.onApplicationBootstrap();
    await service.create({ role: 'admin', name: 'second', email: 'a@x.cn' });
    expect((await service.list()).map((p) => p.name)).toEqual(['bootstrap admin', 'second']);
  });
});
