export * from './subscriptions-file';
export * from './subscription-filter';
export * from './route-decision';
export * from './render-delivery';
export * from './route-article';
export * from './webhook-signature';
export * from './retry-backoff';
export * from './router-state';
