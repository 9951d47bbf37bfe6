/**
 * `npm run bench -- normalize [--seconds S] [--format F]`
 *
 * Stories per CPU second through `normalize` on one core, per wire format, for 600-word stories,
 * beside `JSON.parse` on the same bytes in the same run (the ninjs document itself; for other
 * formats the same bytes as one JSON string, so the baseline reads exactly as many bytes).
 * Aims (issue 3): >= 5,000/s for ninjs and plain text, >= 2,000/s for NewsML-G2.
 */
import type { WireFormat } from '@newswire/contracts';
import { normalize } from '@newswire/wire-formats';
import { namedArgs } from './run-named';

const WORDS = (
  'the officials said talks would resume next week after a meeting in the capital where leaders discussed ' +
  'security cooperation regional tensions sanctions oil exports prices markets ministers government army ' +
  'forces attack strike border ceasefire negotiations hostages aid convoy hospital protest election court'
).split(' ');
const AIMS: Partial<Record<WireFormat, number>> = { ninjs: 5000, 'plain-text': 5000, 'newsml-g2': 2000 };

/** Deterministic 600-word body: 20 paragraphs of 30 words, some attributed to an outlet. */
function paragraphs(): string[] {
  const out: string[] = [];
  let k = 7;
  for (let p = 0; p < 20; p++) {
    const words: string[] = [];
    for (let w = 0; w < 30; w++) words.push(WORDS[(k = (k * 31 + 17) % 9973) % WORDS.length]);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    out.push(words.join(' ') + (p % 3 === 0 ? ', the official news agency IRNA reported.' : '.'));
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function corpus(): Array<[WireFormat, string]> {
  const head = 'Regional leaders meet in Tehran to discuss the war in Gaza';
  const body = paragraphs();
  const ninjs = JSON.stringify({
    uri: 'urn:bench:1',
    type: 'text',
    version: '1',
    versionCreated: '2024-05-23T10:00:00Z',
    language: 'en',
    headlines: [{ role: 'main', value: head }],
    bodies: [{ role: 'main', contentType: 'text/html', value: body.map((p) => `<p>${esc(p)}</p>`).join('') }],
  });
  const g2 = `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:bench:1" version="1" standard="NewsML-G2" standardversion="2.35" xml:lang="en">
 <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:BENCH"/><versionCreated>2024-05-23T10:00:00Z</versionCreated><pubStatus qcode="stat:usable"/></itemMeta>
 <contentMeta><headline>${esc(head)}</headline><slugline>BENCH-STORY</slugline></contentMeta>
 <contentSet><inlineXML contenttype="application/nitf+xml"><nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.content>
${body.map((p) => `  <p>${esc(p)}</p>`).join('\n')}
 </body.content></body></nitf></inlineXML></contentSet>
</newsItem>`;
  const plain = `${head}\n\nLeaders met on Thursday.\n2 min read\n23 May, 2024\nLeaders at the meeting [Getty]\n\n${body.join('\n\n')}\n`;
  const agency = `MIDEAST-IRAN/MEETING\n\nUPDATE 1-${head}\n\nBy Staff Writer\n\nTEHRAN, May 23 (Reuters) - ${body.join('\n\n')}\n`;
  const iptc7901 = `\x01BEN0001 3 POL 0600\r\n\x02Iran-meeting, 2nd lead\r\n${head}\r\n\r\n${body.map((p) => '   ' + p).join('\r\n')}\r\n   BEN 231000 GMT MAY 24\r\n\x03`;
  const anpa = `\x16\x16\x01a0001 r i BC-Iran-Meeting 1stLd-Writethru 05-23 0600\x02\r\n^BC-Iran-Meeting<\r\n^${head}<\r\n${body.map((p) => '   ' + p).join('\r\n')}\r\n\x03AP-NY-05-23-24 1000GMT`;
  const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title><link>https://bench.example.org/</link><item><title>${esc(head)}</title><guid>bench-1</guid><pubDate>Thu, 23 May 2024 10:00:00 GMT</pubDate><description>${esc(body.map((p) => `<p>${p}</p>`).join(''))}</description></item></channel></rss>`;
  const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bench</title><id>tag:bench.example.org,2024:feed</id><entry><title>${esc(head)}</title><id>tag:bench.example.org,2024:1</id><updated>2024-05-23T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${body.map((p) => `<p>${esc(p)}</p>`).join('')}</div></content></entry></feed>`;
  return [
    ['plain-text', plain],
    ['agency-text', agency],
    ['ninjs', ninjs],
    ['newsml-g2', g2],
    ['iptc7901', iptc7901],
    ['anpa1312', anpa],
    ['rss', rss],
    ['atom', atom],
  ];
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Calls `fn` for about `seconds` of CPU time (after a warm-up) and returns calls per CPU second:
 * other processes on a shared machine stretch wall-clock time, not the CPU time this one uses.
 * The warm-up is 0.3 CPU-s, not a count of calls: the first format measured also paid for the
 * JIT and the first full collections of eld's 32 MB model (plain-text read 4,500-6,300/s in 1 s
 * runs after 200 calls, 7,500/s in 3 s runs).
 */
function rate(fn: () => unknown, seconds: number): number {
  for (const warm = cpu(); cpu() - warm < 0.3;) for (let i = 0; i < 50; i++) fn();
  let n = 0;
  const start = cpu();
  let used = 0;
  while (used < seconds) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    used = cpu() - start;
  }
  return n / used;
}

export async function run(args: string[]): Promise<void> {
  const parsed = namedArgs(args, {
    program: 'npm run bench --',
    name: 'normalize',
    usage: 'normalize [--seconds S] [--format F]',
    help: `Stories per CPU second through normalize, per wire format, beside JSON.parse of the same bytes.

  --seconds S         CPU seconds per measurement (1)
  --format F          only this wire format`,
    options: { seconds: { type: 'string' }, format: { type: 'string' } },
  });
  if (!parsed) return;
  const flags = parsed.values;
  const seconds = Number(flags.seconds ?? 1);
  const rows: string[][] = [];
  const only = typeof flags.format === 'string' ? flags.format : undefined;
  for (const [format, text] of corpus().filter(([f]) => !only || f === only)) {
    const bytes = Buffer.from(text, 'utf8');
    const [story] = normalize(bytes);
    if (story.format !== format || story.body.length < 20) {
      throw new Error(
        `bench corpus for ${format} read as ${story.format} with ${story.body.length} paragraphs`,
      );
    }
    const words = story.body.join(' ').split(' ').length;
    const asJson = format === 'ninjs' ? bytes : Buffer.from(JSON.stringify(text), 'utf8');
    const stories = rate(() => normalize(bytes), seconds);
    const baseline = rate(() => JSON.parse(asJson.toString('utf8')), seconds);
    const aim = AIMS[format];
    rows.push([
      format,
      String(bytes.length),
      String(words),
      stories.toFixed(0),
      baseline.toFixed(0),
      (baseline / stories).toFixed(1) + 'x',
      aim ? `${aim} ${stories >= aim ? 'met' : 'MISSED'}` : '-',
    ]);
  }
  const header = ['format', 'bytes', 'words', 'stories/s', 'JSON.parse/s', 'JSON.parse is', 'aim/s'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(
    `normalize on one core, node ${process.version}, rates per CPU second, ${seconds} CPU-s per measurement\n`,
  );
  process.stdout.write(line(header) + '\n' + widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const r of rows) process.stdout.write(line(r) + '\n');
}
