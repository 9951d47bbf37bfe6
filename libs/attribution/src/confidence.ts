import type { MentionTarget } from './mention-matcher';

/** What the confidence of one attribution is judged on. */
export interface ConfidenceInput {
  target: MentionTarget;
  /** The name is also a common word in this copy's language (isAmbiguous). */
  ambiguous: boolean;
  /** The outlet's phrase holds a kind noun ("Fars news agency", "خبرگزاری فارس"). */
  hasKindNoun: boolean;
  /** Named in an aside of another source's phrase ("state media, including IRNA, said"). */
  included: boolean;
  /** What the claim's shape costs (a claim taken from the sentence before, a guess between sides). */
  penalty: number;
}

// A registry name is surest; an unnamed source, a name the registry lacks and an anaphor resolved
// to an earlier outlet less so.
const BASE: Record<MentionTarget['type'], number> = {
  outlet: 0.9,
  unnamed: 0.8,
  provisional: 0.75,
  anaphor: 0.6,
};

/** Confidence in [0, 1], two decimals. */
export function confidenceOf(input: ConfidenceInput): number {
  const { target } = input;
  const confidence =
    BASE[target.type] +
    (input.hasKindNoun ? 0.05 : 0) -
    (input.ambiguous ? 0.1 : 0) -
    (input.included ? 0.1 : 0) -
    input.penalty;
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}
