// The HTTP API's public surface: the server, and the settings helpers the CLI reads
// (DOSSIER_LOG_LEVEL, DOSSIER_METRICS_PORT, DOSSIER_TRUSTED_PROXIES).
export * from './server.js';
export { logLevelOf, logLevels, type LogLevel } from './logging.js';
export { metricsPortOf } from './metrics.js';
export { parseTrustedProxies, trustedProxiesOf } from './trusted-proxies.js';
