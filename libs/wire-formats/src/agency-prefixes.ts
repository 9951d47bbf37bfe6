import type { Signal } from '@newswire/contracts';

export interface VersionCues {
  signals: Signal[];
  /** How many revisions the cues say came before this one (so the version is this + 1). */
  revisions: number;
}

// `UPDATE 1-`, `CORRECTED-`, `WRAPUP 2-`, `KILL-` … chained in front of an agency headline.
const PREFIX =
  /^(UPDATE\s?(\d{1,2})|CORRECTED|REFILE|WRAPUP(?:\s?(\d{1,2}))?|KILL|ADVISORY|URGENT|FLASH|EXCLUSIVE|ANALYSIS|FACTBOX|RPT)\s?-\s?/;

/** Splits the version prefixes off an agency headline: `UPDATE 1-Iran …` -> update, 1 revision. */
export function stripHeadlinePrefixes(headline: string): { headline: string; cues: VersionCues } {
  const cues: VersionCues = { signals: [], revisions: 0 };
  let rest = headline.trim();
  for (let i = 0; i < 5; i++) {
    const m = PREFIX.exec(rest);
    if (!m) break;
    const word = m[1].split(/\s|\d/)[0];
    if (word === 'UPDATE') addCue(cues, 'update', Number(m[2]));
    else if (word === 'WRAPUP') addCue(cues, 'writethru', Number(m[3] ?? 0));
    else if (word === 'CORRECTED') addCue(cues, 'correction', 1);
    else if (word === 'KILL') addCue(cues, 'kill', 1);
    else if (word === 'ADVISORY') addCue(cues, 'advisory', 0);
    rest = rest.slice(m[0].length);
  }
  return { headline: rest, cues };
}

// Teletype version words: `ADV`, `KILL`, `CORRECTION`, `1stLd-Writethru`, `2nd lead`, `UPDATE`.
const ORDINAL_LEAD = /\b(\d{1,2})(?:st|nd|rd|th)\s?(?:Ld|lead)\b/i;

/** Version cues in a teletype slug or keyword line. */
export function teletypeCues(line: string): VersionCues {
  const cues: VersionCues = { signals: [], revisions: 0 };
  const lead = ORDINAL_LEAD.exec(line);
  if (lead) addCue(cues, /writethru/i.test(line) ? 'writethru' : 'update', Number(lead[1]));
  else if (/\bWritethru\b/i.test(line)) addCue(cues, 'writethru', 1);
  if (/\bUPDATE\b/i.test(line) && !lead) addCue(cues, 'update', 1);
  if (/\bCORRECT(?:ION|ED|S)?\b/i.test(line)) addCue(cues, 'correction', 1);
  if (/\bKILL\b/i.test(line)) addCue(cues, 'kill', 1);
  if (/\bADV(?:ISORY|\d{1,2})?\b/i.test(line)) addCue(cues, 'advisory', 0);
  return cues;
}

function addCue(cues: VersionCues, signal: Signal, revisions: number): void {
  if (!cues.signals.includes(signal)) cues.signals.push(signal);
  cues.revisions += Number.isFinite(revisions) ? revisions : 0;
}
