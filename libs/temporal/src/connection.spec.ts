import { connectionOptions } from './connection';

describe('how Uplift reaches Temporal', () => {
  const base = { address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', taskQueue: 'q' };

  it('connects in plain text to a local server or a private cluster', () => {
    expect(connectionOptions({ ...base, address: '127.0.0.1:7233' })).toEqual({ address: '127.0.0.1:7233' });
  });

  it('presents a client certificate for mTLS', () => {
    const crt = Buffer.from('cert');
    const key = Buffer.from('key');
    expect(connectionOptions({ ...base, tlsClientCert: crt, tlsClientKey: key })).toEqual({
      address: base.address,
      tls: { clientCertPair: { crt, key } },
    });
  });

  it('sends an API key over TLS', () => {
    expect(connectionOptions({ ...base, apiKey: 'secret' })).toEqual({
      address: base.address,
      tls: true,
      apiKey: 'secret',
    });
    expect(connectionOptions({ ...base, tls: true })).toEqual({ address: base.address, tls: true });
  });
});
