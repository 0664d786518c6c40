import type { FastifyRequest } from 'fastify';
import { parseCacheControls } from '../common/cache-controls';
import { ForbiddenError } from '../common/errors/access.errors';
import { callerControls, callerMayReach, setCaller } from './caller';
import { setUpstreamCredential } from './upstream-credential';

function requestOf(namespace?: string, named = true): FastifyRequest {
  const request = {} as FastifyRequest;
  if (named) setCaller(request, { name: 'k', namespace });
  return request;
}

const controlsNaming = (namespace?: string) =>
  parseCacheControls(namespace === undefined ? {} : { 'x-cache-namespace': namespace });

describe('callerControls', () => {
  it("gives a key that names no namespace the key's own", () => {
    expect(callerControls(requestOf('team-a'), controlsNaming()).namespace).toBe('team-a');
  });

  it.each(['team-a', 'team-a/sub', 'team-a/sub/deeper'])('lets the key name %s', (namespace) => {
    expect(callerControls(requestOf('team-a'), controlsNaming(namespace)).namespace).toBe(namespace);
  });

  it.each(['team-b', 'team-ab', 'default', 'team'])('forbids another namespace (%s)', (namespace) => {
    expect(() => callerControls(requestOf('team-a'), controlsNaming(namespace))).toThrow(ForbiddenError);
  });

  it('leaves the controls alone in open mode (no caller) and for the admin', () => {
    const controls = controlsNaming('anything');
    expect(callerControls(requestOf(undefined, false), controls)).toBe(controls);
    expect(callerControls(requestOf(undefined), controls)).toBe(controls);
  });
});

describe('callerControls in passthrough', () => {
  const withKey = (accepted: boolean) => {
    const request = requestOf('ns');
    setUpstreamCredential(request, { key: 'sk-caller', accepted });
    return request;
  };

  it('withholds reading and coalescing from a key the upstream has not accepted, as a plain miss', () => {
    // Act
    const controls = callerControls(withKey(false), controlsNaming());

    // Assert
    expect(controls).toMatchObject({ read: false, readWithheld: true, coalesce: false, write: true, namespace: 'ns' });
  });

  it('lets an accepted key read as usual', () => {
    expect(callerControls(withKey(true), controlsNaming())).toMatchObject({ read: true, coalesce: true });
  });

  it('keeps a refresh the caller asked for a refresh', () => {
    expect(callerControls(withKey(false), parseCacheControls({ 'cache-control': 'no-cache' })).readWithheld).toBe(
      undefined,
    );
  });
});

describe('callerMayReach', () => {
  it("reaches the key's namespaces only", () => {
    expect(callerMayReach(requestOf('team-a'), 'team-a/sub')).toBe(true);
    expect(callerMayReach(requestOf('team-a'), 'team-b')).toBe(false);
    expect(callerMayReach(requestOf(undefined), 'team-b')).toBe(true);
  });
});
