// The HTTP API's public surface.
export * from './server.js';
