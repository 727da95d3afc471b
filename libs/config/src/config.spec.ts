import { loadConfig } from './config';

describe('configuration of the access safeguards', () => {
  it('defaults to generous rate limits, no CORS and no trusted proxy', () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_PER_MINUTE: 1200,
      RATE_LIMIT_PER_IP_PER_MINUTE: 6000,
      CORS_ORIGINS: [],
      TRUST_PROXY: false,
      IDEMPOTENCY_RETENTION_HOURS: 24,
    });
  });

  it('reads CORS origins as a comma-separated list and refuses what is not an origin', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example:8443' }).CORS_ORIGINS).toEqual([
      'https://a.example',
      'https://b.example:8443',
    ]);
    expect(() => loadConfig({ CORS_ORIGINS: 'a.example' })).toThrow(/CORS_ORIGINS/);
  });

  it('reads TRUST_PROXY as a flag, a hop count or addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).TRUST_PROXY).toBe('10.0.0.0/8');
  });

  it('refuses a rate limit below one', () => {
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });

  it('wants a Temporal client certificate and its key together', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: '/etc/uplift/client.pem' })).toThrow(/TEMPORAL_TLS_KEY/);
    expect(() => loadConfig({ TEMPORAL_TLS_KEY: '/etc/uplift/client.key' })).toThrow(/TEMPORAL_TLS_CERT/);
    expect(loadConfig({ TEMPORAL_TLS: 'true' }).TEMPORAL_TLS).toBe(true);
    expect(loadConfig({}).TEMPORAL_TLS).toBe(false);
  });
});
