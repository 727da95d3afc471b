import { ConflictError, NotFoundError } from '@uplift/domain';
import { FakeCertificationBodyRepository, principal } from '../testing/fake-repositories';
import { CertificationBodiesService } from './certification-bodies.service';

describe('CertificationBodiesService', () => {
  let bodies: FakeCertificationBodyRepository;
  let service: CertificationBodiesService;
  let people: ReturnType<typeof principal>[];

  beforeEach(() => {
    bodies = new FakeCertificationBodyRepository();
    people = [];
    service = new CertificationBodiesService(bodies, { list: async () => people });
  });

  it("lists a body's active people to that body and to admins, and to no other body", async () => {
    const a = await service.register({ code: 'CNCA-R-2002-001', name: 'a', email: 'a@x.cn' });
    const b = await service.register({ code: 'CNCA-R-2002-002', name: 'b', email: 'b@x.cn' });
    const person = (id: string, name: string, over: Partial<ReturnType<typeof principal>> = {}) =>
      principal({
        id,
        name,
        role: 'certification_body',
        certificationBodyId: a.id,
        revokedAt: null,
        ...over,
      });
    people.push(
      person('p3', '王审核'),
      person('p1', '李审核'),
      person('p2', '离职', { revokedAt: new Date() }),
      person('p4', '别家', { certificationBodyId: b.id }),
      principal({ id: 'p5', role: 'regulator', revokedAt: null }),
    );
    const ofA = principal({ role: 'certification_body', certificationBodyId: a.id });
    expect((await service.staff(ofA, a.id)).map((p) => p.id)).toEqual(['p1', 'p3']);
    expect((await service.staff(principal({ role: 'admin' }), a.id)).map((p) => p.id)).toEqual(['p1', 'p3']);
    await expect(service.staff(ofA, b.id)).rejects.toThrow(NotFoundError);
    await expect(
      service.staff(principal({ role: 'admin' }), '00000000-0000-4000-8000-000000000099'),
    ).rejects.toThrow(NotFoundError);
  });

  it('registers a body with Chinese emails unless it asks for English', async () => {
    const zh = await service.register({ code: 'CNCA-R-2002-001', name: '中质协', email: 'a@cqc.cn' });
    const en = await service.register({
      code: 'CNCA-R-2003-002',
      name: 'BSI',
      email: 'b@bsi.example',
      locale: 'en',
    });
    expect([zh.locale, en.locale]).toEqual(['zh-CN', 'en']);
    expect(await bodies.exists(zh.id)).toBe(true);
  });

  it('refuses a second body with the same code, naming the code, and keeps the first', async () => {
    await service.register({ code: 'CNCA-R-2002-001', name: 'first', email: 'a@cqc.cn' });
    const second = service.register({ code: 'CNCA-R-2002-001', name: 'second', email: 'b@cqc.cn' });
    await expect(second).rejects.toThrow(ConflictError);
    await expect(second).rejects.toThrow('a certification body with code CNCA-R-2002-001 exists');
    expect((await service.list()).map((b) => b.name)).toEqual(['first']);
  });

  it('lists bodies by code', async () => {
    await service.register({ code: 'CNCA-R-2010-120', name: 'c', email: 'c@x.cn' });
    await service.register({ code: 'CNCA-R-2002-001', name: 'a', email: 'a@x.cn' });
    await service.register({ code: 'CNCA-R-2005-030', name: 'b', email: 'b@x.cn' });
    expect((await service.list()).map((b) => b.name)).toEqual(['a', 'b', 'c']);
  });
});
