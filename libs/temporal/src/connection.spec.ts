import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@uplift/config';
import { connectionOptions, temporalSettings } from './connection';

describe('how Uplift reaches Temporal', () => {
  const base = { address: 'ns.acct.tmprl.cloud:7233', namespace: 'ns.acct', taskQueue: 'q' };
  const keys = { UPLIFT_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

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

  it('reads the certificate and key files the configuration names, and passes an API key on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uplift-tls-'));
    try {
      writeFileSync(join(dir, 'client.pem'), 'CERT');
      writeFileSync(join(dir, 'client.key'), 'KEY');
      const mtls = temporalSettings(
        loadConfig({
          TEMPORAL_ADDRESS: base.address,
          TEMPORAL_NAMESPACE: base.namespace,
          TEMPORAL_TLS_CERT: join(dir, 'client.pem'),
          TEMPORAL_TLS_KEY: join(dir, 'client.key'),
          ...keys,
        }),
      );
      expect(connectionOptions(mtls)).toEqual({
        address: base.address,
        tls: { clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } },
      });
      expect(mtls.namespace).toBe(base.namespace);
      const keyed = temporalSettings(
        loadConfig({ TEMPORAL_ADDRESS: base.address, TEMPORAL_API_KEY: 'secret', ...keys }),
      );
      expect(connectionOptions(keyed)).toEqual({ address: base.address, tls: true, apiKey: 'secret' });
      expect(connectionOptions(temporalSettings(loadConfig(keys)))).toEqual({ address: '127.0.0.1:7233' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('will not reach Temporal without a payload key, and names the variable', () => {
    expect(() => temporalSettings(loadConfig({}))).toThrow(/UPLIFT_PAYLOAD_KEYS is not set/);
    expect(temporalSettings(loadConfig(keys)).payloadKeys.encryptWith).toBe('k1');
  });
});
