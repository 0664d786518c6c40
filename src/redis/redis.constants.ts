/** DI token of the shared ioredis client; its value is `null` when REDIS_URL is unset (in-process store). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
