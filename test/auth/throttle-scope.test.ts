import { throttleScopeOf } from '../../src/auth/throttle-scope';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: object) => `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;

describe('the scope Graph meters a token under', () => {
  it('is the tenant and the application of a v1 token (appid)', () => {
    expect(throttleScopeOf(token({ tid: 'tenant-1', appid: 'app-1', oid: 'user-1' }))).toBe('tenant-1/app-1');
  });

  it('is the tenant and the application of a v2 token (azp), whoever signed in', () => {
    expect(throttleScopeOf(token({ tid: 'tenant-1', azp: 'app-2', oid: 'user-1' }))).toBe('tenant-1/app-2');
    expect(throttleScopeOf(token({ tid: 'tenant-1', azp: 'app-2', oid: 'user-2' }))).toBe('tenant-1/app-2');
  });

  it('is one shared scope for a bearer that is not a JWT', () => {
    expect(throttleScopeOf('opaque-token')).toBe('/');
  });
});
