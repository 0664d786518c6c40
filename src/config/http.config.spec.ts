import { HttpConfig } from './http.config';
import { validateEnvironment } from './validate-environment';

describe(HttpConfig.name, () => {
  it('binds loopback only by default while the service runs open', () => {
    expect(new HttpConfig(validateEnvironment({})).host).toBe('127.0.0.1');
  });

  it('binds every interface by default once API keys are configured', () => {
    const env = validateEnvironment({ API_KEYS: 'ka:team-a', CACHE_SECRET: 'a-secret-of-16-chars' });
    expect(new HttpConfig(env).host).toBe('0.0.0.0');
  });

  it('binds HOST when it is set', () => {
    expect(new HttpConfig(validateEnvironment({ HOST: '0.0.0.0' })).host).toBe('0.0.0.0');
  });
});
