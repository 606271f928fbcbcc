import { mockCredentials } from '@backstage/backend-test-utils';
import { callerKey } from './callerKey';

describe('callerKey', () => {
  const alice = mockCredentials.user('user:default/alice');
  const bob = mockCredentials.user('user:default/bob');

  it('is the same for the same principal and token', () => {
    expect(callerKey(alice, 'Bearer token-a')).toBe(
      callerKey(alice, 'bearer  token-a'),
    );
  });

  it('differs between users, and between tokens of one user (other claims)', () => {
    const keys = [
      callerKey(alice, 'Bearer token-a'),
      callerKey(bob, 'Bearer token-a'),
      callerKey(alice, 'Bearer token-a2'),
      callerKey(mockCredentials.service('plugin:scaffolder'), 'Bearer token-a'),
    ];
    expect(new Set(keys).size).toBe(4);
    expect(keys.every(key => key !== undefined)).toBe(true);
  });

  it('does not hold the token itself', () => {
    expect(callerKey(alice, 'Bearer secret-token-value')).not.toContain(
      'secret-token-value',
    );
  });

  it('is undefined (nothing kept) without a bearer token or for a caller that is nobody', () => {
    expect(callerKey(alice, undefined)).toBeUndefined();
    expect(callerKey(alice, 'Basic dXNlcjpwdw==')).toBeUndefined();
    expect(callerKey(alice, 'Bearer ')).toBeUndefined();
    expect(callerKey(mockCredentials.none(), 'Bearer token-a')).toBeUndefined();
  });
});
