import { unavailableService } from './unavailable';

describe('which backing service an error says is down', () => {
  it('names the database for refused or dropped PostgreSQL connections, also wrapped by TypeORM', () => {
    expect(
      unavailableService(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe('database');
    expect(unavailableService(new Error('Connection terminated unexpectedly'))).toBe('database');
    const adminShutdown = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    expect(unavailableService(Object.assign(new Error('query failed'), { driverError: adminShutdown }))).toBe(
      'database',
    );
  });

  it('names Temporal for a gRPC UNAVAILABLE under the client’s ServiceError', () => {
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'x',
    });
    const serviceError = Object.assign(new Error('Failed to start workflow'), {
      name: 'ServiceError',
      cause: grpc,
    });
    expect(unavailableService(serviceError)).toBe('temporal');
  });

  it('leaves every other error alone', () => {
    expect(unavailableService(new Error('boom'))).toBeNull();
    expect(unavailableService(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeNull();
    const notFound = Object.assign(new Error('5 NOT_FOUND'), { code: 5 });
    expect(
      unavailableService(Object.assign(new Error('x'), { name: 'ServiceError', cause: notFound })),
    ).toBeNull();
    expect(unavailableService(undefined)).toBeNull();
  });
});
