import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize } from './normalize';

const SEED = join(__dirname, '../../../fixtures/seed');
const seedFile = readdirSync(SEED).find((f) => f.endsWith('.txt'))!;

describe('plain-text web copy (the seed story)', () => {
  const bytes = readFileSync(join(SEED, seedFile));
  const [story] = normalize(bytes, { source: 'newarab' });

  it('separates headline, standfirst, date, caption and body', () => {
    expect(story.headline).toBe('Heads of Iran-allied militant groups meet in Tehran');
    expect(story.subheadline).toBe(
      "Leaders of militant groups backed by Iran met in Tehran on Thursday on the sidelines of president Ebrahim Raisi's funeral.",
    );
    expect(story.dateline).toEqual({ date: '23 May, 2024' });
    expect(story.firstCreated).toBe('2024-05-23T00:00:00.000Z');
    expect(story.captions).toEqual([
      {
        text: "The groups' leaders met after attending ceremonies organised in Tehran to pay tribute to Raisi",
        credit: 'Getty',
      },
    ]);
  });

  it('keeps exactly the real paragraphs in the body', () => {
    expect(story.body).toHaveLength(12);
    expect(story.body[0]).toMatch(/^Leaders of the Iran-led, so-called "axis of resistance"/);
    expect(story.body[11]).toMatch(/^Iran is a key backer of Hamas/);
    expect(story.body.some((p) => /min read|\[Getty\]|^23 May, 2024$/.test(p))).toBe(false);
  });

  it('derives the same guid from the same file every time', () => {
    expect(story.guid).toMatch(/^sha256-[0-9a-f]{32}$/);
    expect(normalize(bytes)[0].guid).toBe(story.guid);
    expect(story).toMatchObject({ source: 'newarab', language: 'en', languageDetected: true, version: 1 });
  });
});
