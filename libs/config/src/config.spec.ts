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

  it('ends console sessions after 30 idle minutes and 12 hours by default, and takes fractions', () => {
    expect(loadConfig({})).toMatchObject({
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 12,
      SIGN_IN_ATTEMPTS_PER_IP: 30,
    });
    expect(loadConfig({ SESSION_IDLE_MINUTES: '0.05' }).SESSION_IDLE_MINUTES).toBe(0.05);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ SESSION_MAX_HOURS: '-1' })).toThrow(/SESSION_MAX_HOURS/);
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

describe('configuration of the HTTP timeouts', () => {
  it('cuts a stalled or trickling request within 30 s by default', () => {
    const c = loadConfig({});
    expect(c.HTTP_REQUEST_TIMEOUT_SECONDS).toBeLessThanOrEqual(30);
    expect(c.HTTP_HEADERS_TIMEOUT_SECONDS).toBe(10);
    expect(c.HTTP_HEADERS_TIMEOUT_SECONDS).toBeLessThanOrEqual(c.HTTP_REQUEST_TIMEOUT_SECONDS);
    expect(c.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS).toBeLessThanOrEqual(30);
  });

  it('lets a 64 MiB import through at 20 Mbit/s within the default request timeout', () => {
    const seconds = (64 * 1024 * 1024 * 8) / 20e6;
    expect(seconds).toBeLessThan(loadConfig({}).HTTP_REQUEST_TIMEOUT_SECONDS);
  });

  it('takes fractions of a second and refuses a headers timeout longer than the request timeout', () => {
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT_SECONDS: '2.5' })).toMatchObject({
      HTTP_REQUEST_TIMEOUT_SECONDS: 2.5,
      HTTP_HEADERS_TIMEOUT_SECONDS: 2.5,
    });
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_SECONDS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_SECONDS/);
    expect(() =>
      loadConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: '20', HTTP_REQUEST_TIMEOUT_SECONDS: '10' }),
    ).toThrow(/HTTP_HEADERS_TIMEOUT_SECONDS/);
  });
});
