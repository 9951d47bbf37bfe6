export * from './article.projection';
export * from './canonical-json';
export * from './projection-diff';
export * from './projection-delta';
