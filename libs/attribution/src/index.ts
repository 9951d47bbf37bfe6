export {
  attributeStory,
  DEFAULT_LIMITS,
  extractAttributions,
  type AttributionLimits,
  type AttributionResult,
} from './attribution.extractor';
export { enrichStory, type EnrichedStory } from './enrich-story';
export { AttributionError, type AttributionErrorCode } from './attribution.error';
export { defaultRegistry, loadOutletRegistry, outletRef, type OutletRegistry } from './outlet-registry';
export { OutletRegistryData, RegistryOutlet, UnnamedSource } from './outlet-registry.schema';
export { splitSentences, type SentenceSpan } from './sentence-splitter';
