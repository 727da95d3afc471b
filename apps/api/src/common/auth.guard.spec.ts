import { ForbiddenException } from '@nestjs/common';
import type { PrincipalEntity } from '@uplift/persistence';
import {
  authenticateRequest,
  cookieOf,
  crossOriginRefusal,
  fromOwnOrigin,
  SESSION_ENDED,
  UNAUTHENTICATED,
} from './auth.guard';
import type { PrincipalLookup, SessionLookup } from './principal-lookup';

const BASE = 'https://uplift.example.gov.cn';
const keyHolder = { id: 'key-holder' } as PrincipalEntity;
const person = { id: 'person' } as PrincipalEntity;
const principals: PrincipalLookup = { authenticate: async (key) => (key === 'good-key' ? keyHolder : null) };
const sessions: SessionLookup = {
  authenticateSession: async (token) =>
    token === 'good-session' ? { principal: person, sessionId: 's-1' } : null,
};

describe('authenticating a request', () => {
  it('takes the API key first, and a wrong key is not made good by a cookie', async () => {
    const both = { authorization: 'Bearer good-key', cookie: 'uplift_session=good-session' };
    expect(await authenticateRequest(principals, sessions, both)).toEqual({
      principal: keyHolder,
      by: 'api_key',
    });
    const wrongKey = { authorization: 'Bearer bad-key', cookie: 'uplift_session=good-session' };
    expect(await authenticateRequest(principals, sessions, wrongKey)).toEqual({
      principal: null,
      message: UNAUTHENTICATED,
    });
  });

  it('takes the session cookie when there is no key, and says when the session has ended', async () => {
    const cookie = { cookie: 'theme=dark; uplift_session=good-session; lang=zh-CN' };
    expect(await authenticateRequest(principals, sessions, cookie)).toEqual({
      principal: person,
      by: 'session',
      sessionId: 's-1',
    });
    const ended = { cookie: 'uplift_session=old-session' };
    expect(await authenticateRequest(principals, sessions, ended)).toEqual({
      principal: null,
      message: SESSION_ENDED,
    });
    expect(await authenticateRequest(principals, sessions, {})).toEqual({
      principal: null,
      message: UNAUTHENTICATED,
    });
  });

  it('reads one cookie by its exact name', () => {
    expect(cookieOf({ cookie: 'my_uplift_session=x; uplift_session=y' }, 'uplift_session')).toBe('y');
    expect(cookieOf({ cookie: 'uplift_session="quoted"' }, 'uplift_session')).toBe('quoted');
    expect(cookieOf({}, 'uplift_session')).toBeNull();
  });
});

describe('the origin of a request signed in by cookie', () => {
  const request = (method: string, headers: Record<string, string>) => ({
    method,
    headers,
    protocol: 'http',
    host: '10.1.2.3:3000',
  });

  it('is the console’s when Origin (else Referer) is PUBLIC_BASE_URL’s or the request’s own', () => {
    expect(fromOwnOrigin(request('POST', { origin: BASE }), BASE)).toBe(true);
    expect(fromOwnOrigin(request('POST', { origin: 'http://10.1.2.3:3000' }), BASE)).toBe(true);
    expect(fromOwnOrigin(request('POST', { referer: `${BASE}/console/inbox?x=1` }), BASE)).toBe(true);
    expect(
      fromOwnOrigin(request('POST', { origin: 'https://uplift.example.gov.cn.evil.example' }), BASE),
    ).toBe(false);
    expect(fromOwnOrigin(request('POST', { origin: 'http://uplift.example.gov.cn' }), BASE)).toBe(false);
    expect(fromOwnOrigin(request('POST', { origin: 'null' }), BASE)).toBe(false);
    // An Origin, when sent, decides: a matching Referer does not make a foreign Origin good.
    expect(
      fromOwnOrigin(request('POST', { origin: 'https://evil.example', referer: `${BASE}/` }), BASE),
    ).toBe(false);
    expect(fromOwnOrigin(request('POST', {}), BASE)).toBe(false);
  });

  it('is checked only for state-changing requests by cookie', () => {
    const foreign = { origin: 'https://evil.example' };
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'])
      expect(crossOriginRefusal(request(method, foreign), 'session', BASE)).toBeInstanceOf(
        ForbiddenException,
      );
    expect(crossOriginRefusal(request('GET', foreign), 'session', BASE)).toBeNull();
    expect(crossOriginRefusal(request('POST', foreign), 'api_key', BASE)).toBeNull();
    expect(crossOriginRefusal(request('POST', {}), 'api_key', BASE)).toBeNull();
  });
});
