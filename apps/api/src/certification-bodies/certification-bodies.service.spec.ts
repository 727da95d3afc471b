import { ConflictError } from '@uplift/domain';
import { FakeCertificationBodyRepository } from '../testing/fake-repositories';
import { CertificationBodiesService } from './certification-bodies.service';

describe('CertificationBodiesService', () => {
  let bodies: FakeCertificationBodyRepository;
  let service: CertificationBodiesService;

  beforeEach(() => {
    bodies = new FakeCertificationBodyRepository();
    service = new CertificationBodiesService(bodies);
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
