export * from './normalize';
export * from './wire-format.error';
export * from './sniff-format';
export * from './decode-bytes';
export * from './canonical-text';
export * from './detect-language';
export * from './ninjs.renderer';
export { htmlToText } from './html-to-text';
export type { WireFormat } from '@newswire/contracts';
