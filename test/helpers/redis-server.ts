// The bench starts the same real redis-server; one launcher serves both.
export { freePort, startRedisServer, type RedisServer } from '../../bench/redis-server.js';
