/** Metrics, request ids and readiness: what an operator watches a running site with. */
export { type DatabaseHealth, type DatabaseSignals, type MetricSources, registerMetrics } from './metrics.ts';
export { listenMetrics, type MetricsServer } from './metrics-server.ts';
export { requestId } from './request-id.ts';
