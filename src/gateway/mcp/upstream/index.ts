export { McpUpstreams, type UpstreamsDeps } from './set.js';
export { DEFAULT_BACKOFF, type Backoff, type UpstreamLog } from './connection.js';
export { DEFAULT_CHILD_PATH } from './spawn-env.js';
