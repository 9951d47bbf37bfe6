import type { OutletRef } from '@newswire/contracts';

interface Seen {
  outlet: OutletRef;
  sentence: number;
  /** Its claim gave another speaker's words ("Tasnim reported: it said ..."): "it" next is that one. */
  relays?: boolean;
}

/** How many outlets back an anaphor may look. */
const DEPTH = 8;

/**
 * Outlet coreference: which outlets the story has named so far, so that "the agency", "the
 * channel", "it", «الوكالة», «این روزنامه» resolve to the last outlet of a compatible kind, whether
 * or not that mention was itself an attribution. An outlet the registry lacks is a barrier: "the
 * channel" after "Channel 13 said" is never pinned on a channel named before it.
 */
export class OutletMemory {
  private readonly seen: Seen[] = [];
  private speaker: Seen | undefined;
  /** An unnamed source that spoke since the last outlet named, with its head noun («رسانه»). */
  private unnamed: (Seen & { head: string }) | undefined;

  /** An outlet named in sentence `sentence`. */
  saw(outlet: OutletRef, sentence: number): void {
    const last = this.seen[this.seen.length - 1];
    if (last?.outlet.id === outlet.id) {
      last.sentence = sentence;
      return;
    }
    this.unnamed = undefined;
    this.seen.push({ outlet, sentence });
    if (this.seen.length > DEPTH) this.seen.shift();
  }

  /**
   * An outlet an attribution was pinned on in sentence `sentence`; `relays` when its claim opens
   * with another speaker's "it said"; `head`, the head noun of the words that named it.
   */
  spoke(outlet: OutletRef, sentence: number, relays = false, head?: string): void {
    // "state media said ..." is no antecedent of "it" or "the report", only of a later reference
    // with its own head noun: «رسانه رسمی کره شمالی اعلام کرد ... این رسانه افزود».
    if (outlet.id.startsWith('unnamed:')) {
      this.unnamed = head ? { outlet, sentence, head } : undefined;
      return;
    }
    this.saw(outlet, sentence);
    this.speaker = { outlet, sentence, relays };
  }

  /**
   * The outlet an anaphor whose head admits `kinds` stands for in sentence `sentence`. A head that
   * admits any outlet ("it", "the report") resolves only to the outlet that spoke last, in this
   * sentence or the one before, with no other outlet named since. An unnamed source that spoke
   * there, with no outlet named since, is the antecedent of the same `head` noun.
   */
  resolve(
    kinds: ReadonlySet<string>,
    anyKind: boolean,
    sentence: number,
    head?: string,
  ): OutletRef | undefined {
    const unnamed = this.unnamed;
    if (unnamed && head === unnamed.head && unnamed.sentence >= sentence - 1) return unnamed.outlet;
    if (anyKind) {
      const last = this.seen[this.seen.length - 1];
      const speaker = this.speaker;
      return speaker &&
        !speaker.relays &&
        last?.outlet.id === speaker.outlet.id &&
        speaker.sentence >= sentence - 1
        ? speaker.outlet
        : undefined;
    }
    const subject = this.recentSpeaker(kinds, sentence);
    if (subject) return subject;
    for (let i = this.seen.length - 1; i >= 0; i--) {
      const { outlet } = this.seen[i];
      if (kinds.has(outlet.kind)) return outlet;
      if (outlet.unregistered) return undefined;
    }
    return undefined;
  }

  /**
   * A later reference that makes no claim ("The paper did not name anyone") keeps the outlet it
   * stands for the story's current speaker, so "the editorial said" in the next sentence is it.
   */
  referred(outlet: OutletRef, sentence: number): void {
    this.saw(outlet, sentence);
    if (this.speaker?.outlet.id === outlet.id) this.speaker.sentence = sentence;
  }

  /**
   * The speaker of this or the previous sentence, when its kind fits: the subject that spoke
   * outranks an outlet only mentioned since ("Al-Mayadeen condemned the attack on IRIB's staff.
   * The network said ..." is Al-Mayadeen). An unregistered outlet named since stays a barrier.
   */
  private recentSpeaker(kinds: ReadonlySet<string>, sentence: number): OutletRef | undefined {
    const speaker = this.speaker;
    if (!speaker || speaker.sentence < sentence - 1 || !kinds.has(speaker.outlet.kind)) return undefined;
    for (let i = this.seen.length - 1; i >= 0; i--) {
      const { outlet } = this.seen[i];
      if (outlet.id === speaker.outlet.id) return outlet;
      if (outlet.unregistered) return undefined;
    }
    return undefined;
  }

  /** The outlet that spoke in the sentence before `sentence`, if any ("وأضافت: ..."). */
  speakerBefore(sentence: number): OutletRef | undefined {
    return this.speaker && this.speaker.sentence === sentence - 1 ? this.speaker.outlet : undefined;
  }
}
