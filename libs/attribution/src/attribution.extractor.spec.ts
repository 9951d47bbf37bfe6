import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Attribution, bodyText } from '@newswire/contracts';
import fc from 'fast-check';
import registryJson from '../data/outlet-registry.json';
import { extractAttributions } from './attribution.extractor';
import { loadOutletRegistry } from './outlet-registry';

/** A story built the way the normalizer builds one: paragraphs split on blank lines. */
function story(text: string, language = 'en') {
  return { headline: '', language, body: text.split(/\n\s*\n/).map((p) => p.trim()) };
}
const extract = (text: string, language?: string) => extractAttributions(story(text, language));
const outlets = (text: string, language?: string) => extract(text, language).map((a) => a.outlet.id);
const only = (text: string, language?: string) => {
  const found = extract(text, language);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('extractAttributions on the seed story', () => {
  const seedDir = join(__dirname, '../../../fixtures/seed');
  const expected = JSON.parse(readFileSync(join(seedDir, 'expected-attributions.json'), 'utf8')) as Record<
    string,
    { expected: Array<{ outlet: string; anchor: string }> }
  >;
  const [file, { expected: labels }] = Object.entries(expected).find(([k]) => !k.startsWith('_'))!;
  const paragraphs = readFileSync(join(seedDir, file), 'utf8')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const found = extractAttributions({ headline: paragraphs[0], language: 'en', body: paragraphs.slice(1) });

  it.each(labels.map((l) => [l.outlet, l.anchor]))('finds %s for "%s"', (outlet, anchor) => {
    expect(existsSync(seedDir)).toBe(true);
    expect(
      found.some(
        (a) =>
          (outlet === 'unnamed' ? a.outlet.id.startsWith('unnamed:') : a.outlet.id === outlet) &&
          a.sentence.includes(anchor),
      ),
    ).toBe(true);
  });

  it('finds no other named outlet', () => {
    const named = found.map((a) => a.outlet.id).filter((id) => !id.startsWith('unnamed:'));
    expect(new Set(named)).toEqual(new Set(labels.map((l) => l.outlet).filter((o) => o !== 'unnamed')));
    expect(found).toHaveLength(labels.length);
  });

  it('attributes the quoted claim, with outlet details and offsets into the body', () => {
    const irib = found.find((a) => a.outlet.id === 'irib')!;
    expect(irib.outlet).toEqual({
      id: 'irib',
      name: 'Islamic Republic of Iran Broadcasting',
      kind: 'state-broadcaster',
      country: 'IR',
      controlledBy: 'Office of the Supreme Leader of Iran',
    });
    expect(irib.cue).toBe('reported');
    expect(irib.claim).toMatch(/^They discussed "the latest political.*resistance front,"$/);
    expect(bodyText({ body: paragraphs.slice(1) }).slice(irib.start, irib.end)).toBe(irib.claim);
  });
});

describe('English cues', () => {
  it.each([
    ['The strike killed five people, IRNA reported.', 'reported', 'The strike killed five people'],
    ['IRNA said the strike killed five people.', 'said', 'the strike killed five people'],
    ['According to IRNA, the strike killed five people.', 'According to', 'the strike killed five people'],
    ['The strike killed five people, according to IRNA.', 'according to', 'The strike killed five people'],
    ['A commander told IRNA that the strike killed five people.', 'told', 'the strike killed five people'],
    [
      'IRNA quoted a commander as saying the strike killed five people.',
      'quoted',
      'the strike killed five people',
    ],
    [
      'The minister said in remarks carried by IRNA that talks would resume.',
      'carried by',
      'talks would resume',
    ],
    [
      'Reuters reported, citing IRNA, that the strike killed five people.',
      'citing',
      'the strike killed five people',
    ],
    ['IRNA on Thursday published a list of the dead.', 'published', 'a list of the dead'],
    ['The strike killed five people, said IRNA.', 'said', 'The strike killed five people'],
    ['A Navy official confirmed the strike to IRNA.', 'confirmed', 'the strike'],
  ])('%s', (text, cue, claim) => {
    const irna = extract(text).find((a) => a.outlet.id === 'irna')!;
    expect(irna).toBeDefined();
    expect(irna.cue).toBe(cue);
    expect(irna.claim).toBe(claim);
  });

  it('leaves the speech verb out of a claim that follows "speaking to <outlet>,"', () => {
    const a = only('The minister, speaking to Al Jazeera, said the talks had failed.');
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['al-jazeera', 'speaking to', 'the talks had failed']);
  });

  it('reads a cue in a relative clause: "SANA, which said ..., did not give details"', () => {
    const a = only('SANA, which said five soldiers were killed, did not give details.');
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['sana', 'said', 'five soldiers were killed']);
  });

  it('takes a claim that spans a quote of several sentences', () => {
    const a = only(
      '"Our operations will continue. The Americans cannot protect the ships," Al-Masirah reported.',
    );
    expect(a.claim).toBe('"Our operations will continue. The Americans cannot protect the ships,"');
  });

  it('takes the quote in the sentence before a bare attribution', () => {
    const a = only('"We are ready for a long confrontation." Saba quoted him as saying.');
    expect(a.outlet.id).toBe('saba');
    expect(a.claim).toBe('"We are ready for a long confrontation."');
    expect(a.sentence).toBe('"We are ready for a long confrontation." Saba quoted him as saying.');
  });

  it('follows "the agency said" back to the outlet last cited', () => {
    const found = extract('Tasnim said talks had failed. The agency said a new round was unlikely.');
    expect(found.map((a) => [a.outlet.id, a.claim])).toEqual([
      ['tasnim', 'talks had failed'],
      ['tasnim', 'a new round was unlikely'],
    ]);
    expect(found[1].confidence).toBeLessThan(found[0].confidence);
  });
});

describe('outlet noun phrases', () => {
  it.each([
    ["Hezbollah's Al-Manar channel also reported the meeting.", 'al-manar'],
    ["Iran's Fars news agency said the leaders met.", 'fars'],
    ['State broadcaster IRIB reported that the leaders met.', 'irib'],
    ['The Houthi-run Saba news agency said the leaders met.', 'saba'],
    ["The judiciary's Mizan Online news website said the leaders met.", 'mizan'],
    ['The Islamic Republic News Agency (IRNA) reported that the leaders met.', 'irna'],
    ["Turkey's Anadolu Agency, citing local sources, said the leaders met.", 'anadolu'],
  ])('%s', (text, id) => {
    expect(outlets(text)).toEqual([id]);
  });

  it('knows an abbreviation in each spelling the registry gives, and only those', () => {
    expect(outlets('DPA reported that talks had resumed.')).toEqual(['dpa']);
    expect(outlets('dpa reported that talks had resumed.')).toEqual(['dpa']);
    expect(outlets('Dpa reported that talks had resumed.')).toEqual([]);
  });

  it('prefers a registry name over a longer unnamed phrase that contains it', () => {
    expect(outlets('ذكرت وكالة الأنباء العراقية الرسمية أن الحكومة أدانت القصف.', 'ar')).toEqual(['ina']);
  });

  it("keeps a reporter's name inside the outlet's phrase", () => {
    expect(outlets('Al-Manar correspondent Ali Shoeib reported that the strikes continued.')).toEqual([
      'al-manar',
    ]);
  });

  it.each([
    ["Iran's official news agency, IRNA, reported that the talks ended.", 'irna'],
    ["The talks ended, Al Jazeera's Arabic service reported.", 'al-jazeera'],
    ["IRIB's Persian-language news channel said the talks ended.", 'irib'],
  ])('reads apposition and possessed nouns: %s', (text, id) => {
    expect(extract(text).map((a) => [a.outlet.id, a.claim])).toEqual([
      [id, expect.stringMatching(/talks ended/i)],
    ]);
  });

  it('does not take an introductory phrase for the claim', () => {
    expect(only('In a report on Thursday, IRNA said the talks ended.').claim).toBe('the talks ended');
  });

  it('attributes the claim to outlets an aside names as included', () => {
    const found = extract('Iranian state media, including IRNA and Press TV, said the talks ended.');
    expect(found.map((a) => [a.outlet.id, a.claim])).toEqual([
      ['unnamed:state-media', 'the talks ended'],
      ['irna', 'the talks ended'],
      ['press-tv', 'the talks ended'],
    ]);
  });

  it('reads a descriptor beside a name as the outlet, not as a second, unnamed source', () => {
    expect(outlets("Syria's official news agency SANA said the strike hit Damascus.")).toEqual(['sana']);
  });
});

describe('coordination', () => {
  it('makes "IRNA and Tasnim reported" two attributions of one claim', () => {
    const found = extract('IRNA and Tasnim reported that the talks had ended.');
    expect(found.map((a) => a.outlet.id)).toEqual(['irna', 'tasnim']);
    expect(new Set(found.map((a) => a.claim))).toEqual(new Set(['the talks had ended']));
  });

  it('makes "IRNA, Tasnim and Mehr" three', () => {
    expect(outlets('The talks had ended, IRNA, Tasnim and Mehr reported.')).toEqual([
      'irna',
      'tasnim',
      'mehr',
    ]);
  });

  it('shares a plural kind noun across coordinated names', () => {
    expect(
      outlets('The semi-official Fars and Tasnim news agencies published images of the funeral.'),
    ).toEqual(['fars', 'tasnim']);
  });
});

describe('unnamed sources', () => {
  it.each([
    ['The leaders met on Thursday, state media reported.', 'unnamed:state-media', undefined],
    ['The leaders met on Thursday, Iranian state media reported.', 'unnamed:state-media', 'IR'],
    ["Syria's state TV said the leaders met.", 'unnamed:state-broadcaster', 'SY'],
    ['The leaders met, the official news agency said.', 'unnamed:news-agency', undefined],
    ['وقال التلفزيون السوري الرسمي إن القادة اجتمعوا.', 'unnamed:state-broadcaster', 'SY'],
    ['رسانه‌های دولتی ایران گزارش دادند که رهبران دیدار کردند.', 'unnamed:state-media', 'IR'],
  ])('%s', (text, id, country) => {
    const a = only(text);
    expect(a.outlet.id).toBe(id);
    expect(a.outlet.country).toBe(country);
  });
});

describe('Arabic', () => {
  it.each([
    ['ذكرت وكالة فارس أن القادة اجتمعوا في طهران.', 'fars', 'ذكرت', 'القادة اجتمعوا في طهران'],
    ['وقالت قناة المنار إن المقاومة استهدفت موقعاً.', 'al-manar', 'وقالت', 'المقاومة استهدفت موقعاً'],
    ['أفادت وكالة سانا بأن الدفاعات الجوية تصدت للصواريخ.', 'sana', 'أفادت', 'الدفاعات الجوية تصدت للصواريخ'],
    ['بحسب وكالة تسنيم، اجتمع القادة في طهران.', 'tasnim', 'بحسب', 'اجتمع القادة في طهران'],
    ['اجتمع القادة في طهران، وفقاً لوكالة إرنا.', 'irna', 'وفقاً', 'اجتمع القادة في طهران'],
    ['ونقلت وكالة مهر عن مسؤول قوله إن الاجتماع انتهى.', 'mehr', 'ونقلت', 'عن مسؤول قوله إن الاجتماع انتهى'],
    [
      'اجتمع القادة في طهران، حسبما أوردت قناة الميادين.',
      'al-mayadeen',
      'حسبما أوردت',
      'اجتمع القادة في طهران',
    ],
    ['وأعلنت وكالة الأنباء السعودية (واس) أن الوزير وصل.', 'spa', 'وأعلنت', 'الوزير وصل'],
    ['وقال مسؤول في الشركة لوكالة رويترز إن الطاقم بخير.', 'reuters', 'وقال', 'الطاقم بخير'],
    [
      'أعلن حزب الله في بيان نشرته قناة المنار أن مقاتليه استهدفوا موقعاً.',
      'al-manar',
      'نشرته',
      'مقاتليه استهدفوا موقعاً',
    ],
    ['وكانت قناة العالم الإيرانية قد أشارت إلى أن المحادثات تقدمت.', 'al-alam', 'أشارت', 'المحادثات تقدمت'],
  ])('%s', (text, id, cue, claim) => {
    const a = only(text, 'ar');
    expect([a.outlet.id, a.cue, a.claim]).toEqual([id, cue, claim]);
  });

  it('splits coordinated names with the conjunction attached: "إرنا وإيسنا"', () => {
    expect(outlets('وقالت وكالتا إرنا وإيسنا إن الجانبين اتفقا.', 'ar')).toEqual(['irna', 'isna']);
  });
});

describe('Persian', () => {
  it.each([
    [
      'به گزارش خبرگزاری فارس، رهبران در تهران دیدار کردند.',
      'fars',
      'به گزارش',
      'رهبران در تهران دیدار کردند',
    ],
    [
      'خبرگزاری تسنیم روز پنجشنبه گزارش داد که رهبران دیدار کردند.',
      'tasnim',
      'گزارش داد',
      'رهبران دیدار کردند',
    ],
    ['صدا و سیما اعلام کرد که هنیه نیز حضور داشت.', 'irib', 'اعلام کرد', 'هنیه نیز حضور داشت'],
    ['برق چند روستا قطع شد، خبرگزاری ایسنا گزارش داد.', 'isna', 'گزارش داد', 'برق چند روستا قطع شد'],
    ['به نقل از ایرنا، دست‌کم ۱۲ نفر مصدوم شدند.', 'irna', 'به نقل از', 'دست‌کم ۱۲ نفر مصدوم شدند'],
    ['روزنامه کیهان نوشت که مذاکرات یک دام است.', 'kayhan', 'نوشت', 'مذاکرات یک دام است'],
    ['شبکه المیادین تصاویری از محل حادثه پخش کرد.', 'al-mayadeen', 'پخش کرد', 'تصاویری از محل حادثه'],
    [
      'تلویزیون دولتی شامگاه دوشنبه اعترافات دو متهم را پخش کرد.',
      'unnamed:state-broadcaster',
      'پخش کرد',
      'اعترافات دو متهم را',
    ],
    [
      'خبرگزاری تسنیم، وابسته به سپاه، این شبکه‌ها را به «جنگ روانی» متهم کرد.',
      'tasnim',
      'متهم کرد',
      'این شبکه‌ها را به «جنگ روانی»',
    ],
    ['مدیرکل بحران در گفتگو با خبرگزاری مهر گفت که کسی فوت نکرده است.', 'mehr', 'گفت', 'کسی فوت نکرده است'],
  ])('%s', (text, id, cue, claim) => {
    const a = only(text, 'fa');
    expect([a.outlet.id, a.cue, a.claim]).toEqual([id, cue, claim]);
  });
});

describe('what is not an attribution', () => {
  it.each([
    'Washington imposed sanctions on IRIB and Press TV last year.',
    "Al-Manar's offices were hit in an Israeli strike.",
    'A Fars reporter was arrested in Tehran on Monday.',
    'Reuters could not independently verify the claims.',
    'The Treasury sanctioned IRIB, which broadcast forced confessions, last year.',
    'The earthquake struck Fars province early on Saturday, officials said.',
    'The head of IRIB said the network would expand.',
    'وكانت واشنطن قد فرضت عقوبات على قناة المسيرة.',
    'وقصفت طائرات إسرائيلية مدينة الميادين شرق سوريا.',
    'قال فارس إن الطقس جميل.',
    'استان فارس روز پنجشنبه را عزای عمومی اعلام کرد.',
    'آمریکا سال گذشته شبکه پرس تی وی را تحریم کرد.',
    'خبرنگار ایرنا روز یکشنبه به تهران بازگشت.',
    'Leaders met in the spa town, the SPA-style resort said nothing.',
  ])('%s', (text) => {
    expect(extract(text, /[\u0600-\u06ff]/.test(text) ? 'fa' : 'en')).toEqual([]);
  });
});

describe('registries', () => {
  it('uses the registry it is given', () => {
    const registry = loadOutletRegistry({
      ...registryJson,
      outlets: [
        { id: 'wire-x', name: 'Wire X', kind: 'news-agency', country: 'FR', aliases: { en: ['Wire X'] } },
      ],
    });
    expect(
      extractAttributions(story('The talks ended, Wire X reported. IRNA said so too.'), registry).map(
        (a) => a.outlet.id,
      ),
    ).toEqual(['wire-x']);
  });
});

describe('every attribution', () => {
  const named = [
    'IRNA',
    'Tasnim',
    "Iran's Fars news agency",
    'state media',
    'Al-Manar',
    'SANA',
    'وكالة فارس',
    'خبرگزاری مهر',
  ];
  const templates = [
    (o: string, c: string) => `${c}, ${o} reported.`,
    (o: string, c: string) => `${o} said ${c}.`,
    (o: string, c: string) => `According to ${o}, ${c}.`,
    (o: string, c: string) => `"${c}," an official told ${o}.`,
    (o: string, c: string) => `به گزارش ${o}، ${c}.`,
    (o: string, c: string) => `ذكرت ${o} أن ${c}.`,
    (o: string, c: string) => `Sanctions on ${o} hurt ${c}.`,
    (o: string, c: string) => `The minister, speaking to ${o}, said ${c}.`,
    (o: string, c: string) => `${o}, which is close to the Guards, said on Monday that ${c}.`,
    (o: string, c: string) => `"${c}." ${o} quoted him as saying.`,
    (o: string, c: string) => `${o} ${c} گزارش داد.`,
  ];
  const claim = fc
    .array(
      fc.constantFrom(
        'the',
        'talks',
        'Gen.',
        'U.S.',
        'ended',
        'القادة',
        'رهبران',
        'in',
        'Tehran',
        '"a trap"',
        ':',
        'five',
      ),
      {
        minLength: 1,
        maxLength: 12,
      },
    )
    .map((w) => w.join(' '));
  const sentence = fc
    .tuple(fc.integer({ min: 0, max: templates.length - 1 }), fc.constantFrom(...named), claim)
    .map(([t, o, c]) => templates[t](o, c));
  const body = fc.array(
    fc.array(sentence, { minLength: 1, maxLength: 3 }).map((s) => s.join(' ')),
    {
      minLength: 1,
      maxLength: 5,
    },
  );

  it('satisfies the contract: bodyText(story).slice(start, end) === claim, inside its sentence', () => {
    fc.assert(
      fc.property(body, (paragraphs) => {
        const s = { headline: '', language: 'en', body: paragraphs };
        const text = bodyText(s);
        for (const a of extractAttributions(s)) {
          expect(Attribution.parse(a)).toEqual(a);
          expect(text.slice(a.start, a.end)).toBe(a.claim);
          expect(a.claim.length).toBeGreaterThan(0);
          expect(a.claim).toBe(a.claim.trim());
          expect(a.sentence).toContain(a.claim);
          expect(text).toContain(a.sentence);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('outlet coreference', () => {
  it('resolves "the agency" to the last agency named, even when that mention was no attribution', () => {
    const found = extract(
      'Reporters in Tehran read the IRNA dispatch closely. The agency said the port had reopened.',
    );
    expect(found.map((a) => [a.outlet.id, a.claim])).toEqual([['irna', 'the port had reopened']]);
  });

  it('resolves by kind: "the channel" skips a newspaper for the broadcaster before it', () => {
    const found = extract(
      'Al-Manar said the road was cut. Kayhan carried a similar line on its front page. The channel added that two bridges were hit.',
    );
    expect(found.map((a) => a.outlet.id)).toEqual(['al-manar', 'kayhan', 'al-manar']);
  });

  it('resolves "it said" only to the outlet that spoke just before', () => {
    expect(outlets('Tasnim said the drill would last a week. It said ten ships took part.')).toEqual([
      'tasnim',
      'tasnim',
    ]);
    expect(outlets('The ministry issued a statement. It said ten ships took part.')).toEqual([]);
  });

  it('never crosses an outlet the registry lacks', () => {
    const found = extract(
      "Channel 12 said the vote was delayed. Later, Israel's Channel 55 said it was off. The channel said so twice.",
    );
    expect(found.map((a) => a.outlet.id)).toEqual(['channel-12', 'channel-55', 'channel-55']);
  });

  it('reads Arabic and Persian later references, and a subjectless Arabic verb', () => {
    expect(outlets('قالت وكالة سانا إن الطريق مغلق. وأضافت الوكالة أن الجسر تضرر.', 'ar')).toEqual([
      'sana',
      'sana',
    ]);
    expect(outlets('قالت قناة المنار إن الطريق مغلق. وأضافت: "الجسر تضرر".', 'ar')).toEqual([
      'al-manar',
      'al-manar',
    ]);
    expect(
      outlets('خبرگزاری تسنیم گزارش داد که جاده بسته است. این خبرگزاری افزود که پل آسیب دید.', 'fa'),
    ).toEqual(['tasnim', 'tasnim']);
  });
});

describe('outlets the registry lacks', () => {
  it('keeps the claim of a named outlet beside an outlet noun, flagged unregistered', () => {
    const a = only('The Kuwaiti daily Al-Nahda reported that the talks had stalled.');
    expect(a.outlet).toEqual({
      id: 'al-nahda',
      name: 'Al-Nahda',
      kind: 'newspaper',
      country: 'KW',
      unregistered: true,
    });
    expect(a.claim).toBe('the talks had stalled');
    expect(only('Zorlu television said the bridge had reopened.').outlet).toMatchObject({
      id: 'zorlu',
      kind: 'tv-channel',
      unregistered: true,
    });
  });

  it('takes a quoted Arabic name after its noun', () => {
    const a = only('وذكرت صحيفة "النهضة" أن المحادثات توقفت.', 'ar');
    expect(a.outlet).toMatchObject({ name: 'النهضة', kind: 'newspaper', unregistered: true });
  });
});

describe('cues, names and claims', () => {
  it('reads present and progressive cues', () => {
    expect(only('The port was closed, the state-run IRNA news agency reports.').outlet.id).toBe('irna');
    expect(only('Tasnim is reporting that the port was closed.').claim).toBe('the port was closed');
  });

  it('reads a registry name in quotation marks', () => {
    expect(outlets('وأفادت وكالة "فارس" بأن الطريق مغلق.', 'ar')).toEqual(['fars']);
  });

  it('never gives a time adverbial as the claim', () => {
    expect(only('Late last month, Syrian state media said three bridges were closed.').claim).toBe(
      'three bridges were closed',
    );
  });
});

describe('distractors', () => {
  it('takes neither a place homonym nor an outlet that an act falls on', () => {
    expect(outlets('Local officials in Fars said the quake killed two people.')).toEqual([]);
    expect(
      outlets('The European Union extended sanctions on IRIB, the state broadcaster, citing rights abuses.'),
    ).toEqual([]);
    expect(outlets('A Reuters photographer was hurt near the Al-Manar building.')).toEqual([]);
  });
});

describe('appositions, possessives and asides', () => {
  it('reads a plural possessive before the name: "said the rebels\' Saba news agency and Al Masirah TV"', () => {
    expect(
      outlets('"The port was hit twice," said the rebels\' Saba news agency and Al Masirah TV.'),
    ).toEqual(['saba', 'al-masirah']);
  });

  it('reads a descriptor set off by a comma before the name: "announced the rebel channel, Al Masirah"', () => {
    const a = only('"The airport was closed for the night," announced the rebel channel, Al Masirah.');
    expect([a.outlet.id, a.claim]).toEqual(['al-masirah', '"The airport was closed for the night,"']);
    expect(outlets('The rebel channel, Al Masirah, said the airport was closed.')).toEqual(['al-masirah']);
  });

  it('skips a relative clause that a dashed apposition closes: "Al Mayadeen, which is close to X – ... – said"', () => {
    const a = only(
      'Al Mayadeen TV, which is close to Hezbollah – the armed group – said the port was hit twice.',
    );
    expect([a.outlet.id, a.claim]).toEqual(['al-mayadeen', 'the port was hit twice']);
  });

  it('takes the outlet a quoting verb names as a source: "it quoted Shargh as saying"', () => {
    expect(outlets('"The vote is a farce," it quoted Shargh as saying.')).toEqual(['shargh']);
  });
});

describe('coreference through possessors and claimless references', () => {
  it('keeps a possessor as an antecedent: "a crew of the Union television channel ..., the channel said"', () => {
    const found = extract(
      'A crew of the Union television channel came under fire near the port, the television channel said on Monday. "The car was empty," it wrote.',
    );
    expect(found.map((a) => a.outlet.id)).toEqual(['union-tv', 'union-tv']);
  });

  it('keeps the speaker current through a later reference that claims nothing', () => {
    const found = extract(
      'Kayhan said the vote was a farce. The paper has long been close to the clergy. "They will regret it," the editorial concluded.',
    );
    expect(found.map((a) => [a.outlet.id, a.cue])).toEqual([
      ['kayhan', 'said'],
      ['kayhan', 'concluded'],
    ]);
  });
});

describe('Persian clause-final verbs', () => {
  it('finds the verb at the end of a long clause, past the object and its adverbials', () => {
    const a = only(
      'روزنامه کیهان با اشاره به افزایش قیمت نان در شهرهای بزرگ کشور از ابتدای سال جاری تا پایان ماه گذشته گزارش داد که مردم نگران هستند.',
      'fa',
    );
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['kayhan', 'گزارش داد', 'مردم نگران هستند']);
  });

  it('skips a long adverbial set off by a comma after the outlet', () => {
    const a = only(
      'شبکه المیادین با ابراز همدردی کامل خود با خانواده‌های قربانیان سیل در شمال کشور، این حادثه را فاجعه‌ای ملی دانست.',
      'fa',
    );
    expect([a.outlet.id, a.cue]).toEqual(['al-mayadeen', 'دانست']);
  });

  it('resolves "این شبکه" to the network that spoke, not to one only mentioned since', () => {
    const found = extract(
      'شبکه المیادین همدردی خود را با کارکنان صدا و سیما به صراحت اعلام کرد. این شبکه افزود که این اقدام جنایت است.',
      'fa',
    );
    expect(found.map((a) => a.outlet.id)).toEqual(['al-mayadeen', 'al-mayadeen']);
  });
});

describe('names that are also common words, and numbers glued to words', () => {
  it('vouches for an ambiguous name inside a chain of "به نقل از"', () => {
    expect(outlets('به گزارش ایسنا به نقل از مهر به نقل از رویترز، جلسه لغو شد.', 'fa')).toEqual([
      'isna',
      'mehr',
      'reuters',
    ]);
  });

  it('vouches for an ambiguous name by a verb only a publication has: "مشرق هم نوشت"', () => {
    expect(outlets('در همین حال مشرق هم نوشت: جلسه لغو شده است.', 'fa')).toEqual(['mashregh']);
    expect(outlets('در همین حال مشرق هم گفت: جلسه لغو شده است.', 'fa')).toEqual([]);
  });

  it('reads a cue with a number written against it: "۹۸خبر داد"', () => {
    const a = only('خبرگزاری رویترز ۱۲آبان ۹۸خبر داد: جلسه لغو شد.', 'fa');
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['reuters', 'خبر داد', 'جلسه لغو شد']);
  });
});

describe('lists, act nouns and cross-language homographs', () => {
  it('gives the head of a list the verb its named member takes: "رسانه‌های دولتی از جمله ایسنا گزارش دادند"', () => {
    const found = extract(
      'پس از دیدار دو وزیر رسانه‌های دولتی از جمله ایسنا گزارش دادند که جلسه لغو شد.',
      'fa',
    );
    expect(found.map((a) => [a.outlet.id, a.claim])).toEqual([
      ['unnamed:state-media', 'جلسه لغو شد'],
      ['isna', 'جلسه لغو شد'],
    ]);
  });

  it('takes no paper that a seizure falls on as the speaker: "توقیف روزنامه کیهان اظهار کرد"', () => {
    expect(
      outlets('یک مقام قضایی در خصوص خبر توقیف روزنامه کیهان اظهار کرد: این خبر نادرست است.', 'fa'),
    ).toEqual([]);
  });

  it('reads the Persian noun رای (a vote) as no Arabic cue', () => {
    expect(outlets('کیهان و نامزدهای دیگر رای مردم را جمع کردند.', 'fa')).toEqual([]);
  });
});

describe('names that fold to a common word of the other language', () => {
  it('takes no Arabic adjective for the channel a Persian alias names: "الدول العربية أكدت"', () => {
    expect(outlets('وقال الوزير إن الدول العربية أكدت أن الاجتماع سيعقد.', 'ar')).toEqual([]);
  });

  it('keeps the Persian alias plain in Persian copy: "العربیه گزارش داد"', () => {
    expect(outlets('العربیه گزارش داد که جلسه لغو شد.', 'fa')).toEqual(['al-arabiya']);
  });

  it('takes no paper for "the Islamic Republic" with a cue: "جمهوری اسلامی اعلام کرد"', () => {
    expect(outlets('جمهوری اسلامی اعلام کرد که در این نشست شرکت نمی‌کند.', 'fa')).toEqual([]);
    expect(outlets('روزنامه جمهوری اسلامی نوشت که دولت باید پاسخ دهد.', 'fa')).toEqual(['jomhouri-eslami']);
  });

  it('needs a kind noun or a publication verb for a paper named by a common word (اعتماد, trust)', () => {
    expect(outlets('اعتماد عمومی کاهش یافت و کارشناسان گفتند که امیدی نیست.', 'fa')).toEqual([]);
    expect(outlets('اعتماد نوشت که مذاکرات به بن‌بست رسیده است.', 'fa')).toEqual(['etemad']);
  });
});

describe('state television named by its country, and Persian press names', () => {
  it('reads "Syrian TV", «التلفزيون السوري» and «تلویزیون ایران» as unnamed state television', () => {
    const kinds = [
      extract('Syrian TV said a bridge was reopened near the capital.'),
      extract('وذكر التلفزيون السوري أن الجسر أعيد فتحه.', 'ar'),
      extract('تلویزیون ایران گزارش داد که پل بازگشایی شد.', 'fa'),
    ].map((found) => found.map((a) => [a.outlet.id, a.outlet.country]));
    expect(kinds).toEqual([
      [['unnamed:state-broadcaster', 'SY']],
      [['unnamed:state-broadcaster', 'SY']],
      [['unnamed:state-broadcaster', 'IR']],
    ]);
  });

  it('finds dailies of a Persian press review by name', () => {
    expect(outlets('روزنامه ستاره صبح در گزارشی نوشت که بازار آرام است.', 'fa')).toEqual(['setareh-sobh']);
    expect(outlets('روزنامه جهان صنعت نوشت که صادرات کاهش یافت.', 'fa')).toEqual(['jahan-e-sanat']);
  });

  it('takes a paper named like a province only as a paper: خراسان', () => {
    expect(outlets('روزنامه خراسان نوشت که باران ادامه دارد.', 'fa')).toEqual(['khorasan']);
    expect(outlets('مردم خراسان گفتند که باران ادامه دارد.', 'fa')).toEqual([]);
  });

  it('reads plural official agencies as unnamed: «خبرگزاری‌های رسمی ایران»', () => {
    expect(outlets('خبرگزاری‌های رسمی ایران گزارش دادند که پرواز‌ها لغو شد.', 'fa')).toEqual([
      'unnamed:news-agency',
    ]);
  });
});

describe('Persian later references to a report, and names written with a half-space', () => {
  const first = 'خبرگزاری ایسنا گزارش داد که پل شهر بسته شد.';
  it.each([
    ['بر اساس این گزارش، دو مسیر فرعی باز است.', 'بر اساس'],
    ['طبق این گزارش، دو مسیر فرعی باز است.', 'طبق'],
    ['این گزارش می‌افزاید که دو مسیر فرعی باز است.', 'می‌افزاید'],
  ])('resolves "%s" to the agency that reported', (second, cue) => {
    const found = extract(`${first} ${second}`, 'fa');
    expect(found.map((a) => [a.outlet.id, a.cue, a.claim])).toEqual([
      ['isna', 'گزارش داد', 'پل شهر بسته شد'],
      ['isna', cue, 'دو مسیر فرعی باز است'],
    ]);
  });

  it('finds a two-word Persian name written as one with a half-space: «دیلی‌میل»', () => {
    expect(outlets('روزنامه انگلیسی دیلی‌میل گزارش داد که پل بسته شد.', 'fa')).toEqual(['daily-mail']);
  });
});

describe('claims beside participle phrases, and agencies that are not news agencies', () => {
  it('claims what follows the verb after a leading "Citing ...," phrase', () => {
    const a = only('Citing coast guard officials, Kyodo said a ferry ran aground.');
    expect([a.outlet.id, a.claim]).toEqual(['kyodo', 'a ferry ran aground']);
  });

  it('claims what precedes an attribution set off by commas: "..., IRNA reported, without ..."', () => {
    const a = only('Four miners were rescued, the state news agency IRNA reported, without naming the mine.');
    expect([a.outlet.id, a.claim]).toEqual(['irna', 'Four miners were rescued']);
  });

  it('keeps a leading time phrase out of the claim when the attribution is set off by commas', () => {
    const a = only('On Tuesday, Press TV reported, citing officials, that two ports had closed.');
    expect([a.outlet.id, a.claim]).toEqual(['press-tv', 'two ports had closed']);
  });

  it('reads "state media outlet KCNA" as KCNA alone', () => {
    expect(outlets("Pyongyang's state media outlet KCNA said the bridge opened.")).toEqual(['kcna']);
  });

  it('takes «وكالة» before a name for a news agency only with «للأنباء»', () => {
    expect(outlets('وقالت وكالة موديز إن التصنيف الائتماني خفض.', 'ar')).toEqual([]);
    const found = extract('وقالت وكالة الرافد للأنباء إن الطريق أغلق.', 'ar');
    expect(found.map((a) => [a.outlet.unregistered, a.outlet.kind, a.claim])).toEqual([
      [true, 'news-agency', 'الطريق أغلق'],
    ]);
  });
});

describe('Persian asides, countries after unnamed sources, and quoting cues', () => {
  it('takes the country after an unnamed source into it, out of the claim', () => {
    const a = only('به گزارش رسانه‌های حکومتی ایران، دو پل بازسازی شد.', 'fa');
    expect([a.outlet.id, a.outlet.country, a.claim]).toEqual([
      'unnamed:state-media',
      'IR',
      'دو پل بازسازی شد',
    ]);
  });

  it('reads «جمهوری اسلامی» after an unnamed source as the country, not as the daily', () => {
    expect(outlets('تلویزیون دولتی جمهوری اسلامی گزارش داد که دو پل بازسازی شد.', 'fa')).toEqual([
      'unnamed:state-broadcaster',
    ]);
  });

  it('skips an apposition and a relative clause between a paper and its verb', () => {
    expect(outlets('روزنامه ایران، ارگان دولت، نوشت که دو پل بازسازی شد.', 'fa')).toEqual(['iran-daily']);
    expect(outlets('روزنامه کیهان که هر روز منتشر می‌شود، نوشت که دو پل بازسازی شد.', 'fa')).toEqual([
      'kayhan',
    ]);
  });

  it('claims what the quoted one says after «به نقل از ... نوشت که»', () => {
    const a = only('ایلنا به نقل از یک مقام محلی نوشت که دو پل بازسازی شد.', 'fa');
    expect([a.outlet.id, a.claim]).toEqual(['ilna', 'دو پل بازسازی شد']);
  });

  it('vouches for a paper named by a common word with a publication verb: «جوان نوشت»', () => {
    expect(outlets('جوان نوشت که دو پل بازسازی شد.', 'fa')).toEqual(['javan']);
    expect(outlets('یک جوان گفت که دو پل بازسازی شد.', 'fa')).toEqual([]);
  });
});

describe('outlet nouns that also name other things', () => {
  it('takes no provisional outlet from an unquoted name after «شبكة», «موقع», «شبکه», «سایت»', () => {
    expect(outlets('وقالت شبكة الكهرباء إن التيار عاد.', 'ar')).toEqual([]);
    expect(outlets('وأفاد موقع الرئاسة بأن التيار عاد.', 'ar')).toEqual([]);
    expect(outlets('شبکه برق اعلام کرد که جریان برقرار شد.', 'fa')).toEqual([]);
    expect(outlets('به گزارش سایت دولت، جریان برقرار شد.', 'fa')).toEqual([]);
  });

  it('still takes a quoted name after them as a provisional outlet', () => {
    const found = extract('وذكر موقع "الرافد" أن التيار عاد.', 'ar');
    expect(found.map((a) => [a.outlet.unregistered, a.outlet.kind])).toEqual([[true, 'website']]);
  });
});

describe('Persian verb forms of formal and Dari copy', () => {
  it.each([
    ['ایرنا عنوان کرد که جاده بازگشایی شد.', 'irna', 'عنوان کرد'],
    ['کیهان پیشتر نوشته بود که جاده بازگشایی شد.', 'kayhan', 'نوشته بود'],
    ['خبرگزاری پژواک گزارش نموده است که جاده بازگشایی شد.', 'pajhwok', 'گزارش نموده است'],
    ['شبکه طلوع نیوز نشر کرد که جاده بازگشایی شد.', 'tolo-news', 'نشر کرد'],
  ])('reads "%s"', (text, outlet, cue) => {
    const a = only(text, 'fa');
    expect([a.outlet.id, a.cue, a.claim]).toEqual([outlet, cue, 'جاده بازگشایی شد']);
  });
});

describe('English cue forms and noun phrases of real copy', () => {
  it('claims what "In the paper\'s editorial" or "In IRNA\'s report" introduces', () => {
    const found = extract(
      "Kayhan said the talks failed. In the newspaper's editorial a cleric called for new polls.",
    );
    expect(found.map((a) => [a.outlet.id, a.cue, a.claim])).toEqual([
      ['kayhan', 'said', 'the talks failed'],
      ['kayhan', 'In', 'a cleric called for new polls'],
    ]);
    expect(outlets('In its editorial a cleric called for new polls.')).toEqual([]);
  });

  it('reads "attributed" and "read a headline from" as cues', () => {
    expect(only('Etemad also attributed the delay to a lack of funds.').claim).toBe(
      'the delay to a lack of funds',
    );
    const found = extract(
      'KCNA said a bridge opened. "Leader visits bridge," read a headline from the news agency.',
    );
    expect(found.map((a) => [a.outlet.id, a.cue, a.claim])).toEqual([
      ['kcna', 'said', 'a bridge opened'],
      ['kcna', 'read a headline from', '"Leader visits bridge,"'],
    ]);
  });

  it('skips a name in apposition inside an aside: "X, a channel close to ..., Dawa, blamed"', () => {
    const a = only(
      'Al Mayadeen, a channel close to the ruling bloc in Iraq, Dawa, also blamed the army for the fire.',
    );
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['al-mayadeen', 'blamed', 'the army for the fire']);
  });

  it("takes a two-word country into the name's phrase, before or after it, and makes no outlet of it", () => {
    for (const text of [
      'Heavy rain hit the port, according to reports from the Yonhap South Korean news agency.',
      'Heavy rain hit the port, according to reports from South Korean news agency Yonhap.',
    ]) {
      const a = only(text);
      expect([a.outlet.id, a.claim]).toEqual(['yonhap', 'Heavy rain hit the port']);
    }
  });

  it('reads the next "it said" as the speaker an outlet relayed, not the outlet', () => {
    const found = extract(
      'It said the cargo came by sea, Tasnim reported. The crew had left the ship, it said, adding that an inquiry began.',
    );
    expect(found.map((a) => a.outlet.id)).toEqual(['tasnim']);
    expect(outlets('The cargo came by sea, Tasnim reported. The crew had left the ship, it said.')).toEqual([
      'tasnim',
      'tasnim',
    ]);
  });
});

describe('Arabic ل written against the name, owners and bulletins', () => {
  it('reads «في حديثه ل» with the ل on the name as the cue, vouching for an ambiguous name', () => {
    const a = only('وفي حديثه للأناضول، أوضح المسؤول أن الطريق أغلق.', 'ar');
    expect([a.outlet.id, a.cue]).toEqual(['anadolu', 'وفي حديثه']);
  });

  it('takes no agency that owns the speaker for the hearer: «أكد المدير التنفيذي لوكالة تسنيم»', () => {
    expect(outlets('أكد المدير التنفيذي لوكالة "تسنيم" أحمد رضا أن الطريق أغلق.', 'ar')).toEqual([]);
    expect(outlets('قال الوزير لقناة المنار إن الطريق أغلق.', 'ar')).toEqual(['al-manar']);
  });

  it('reads a noun in ة as no verb with the pronoun ه: «نشرة» is not «نشره»', () => {
    expect(outlets('وجاء التعليق أمس في نشرة الأخبار المسائية للقناة 13.', 'ar')).toEqual([]);
  });
});

describe('Persian noun phrases, long adverbials and relative clauses', () => {
  it('takes adjectives between a kind noun and the name, and time words before the clause', () => {
    const a = only(
      'امروز چهارشنبه روزنامه صهیونیستی هآرتص ضمن ابراز نگرانی از ادامه جنگ نوشت: دولت در خطر است.',
      'fa',
    );
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['haaretz', 'نوشت', 'دولت در خطر است']);
    const b = only('روزنامه آمریکایی و مشهور واشنگتن پست هشدار داد که بحران نزدیک است.', 'fa');
    expect([b.outlet.id, b.cue]).toEqual(['washington-post', 'هشدار داد']);
  });

  it('reads a later reference with its adjective past a long «با» adverbial holding a relative clause', () => {
    const found = extract(
      'کیهان نوشت که بازار آرام است. این روزنامه اصولگرا با اشاره به اینکه بر اساس نظرسنجی ها محبوبیت دولت نزد مردم کاهش یافته است، افزود: انتخابات نزدیک است.',
      'fa',
    );
    expect(found.map((a) => [a.outlet.id, a.cue, a.claim])).toEqual([
      ['kayhan', 'نوشت', 'بازار آرام است'],
      ['kayhan', 'افزود', 'انتخابات نزدیک است'],
    ]);
  });

  it('skips a relative clause on the object («را که ...،») to the clause-final verb', () => {
    const a = only('تلویزیون دولتی ایران امروز آزمایش را که روز گذشته انجام شد، موفق اعلام کرد.', 'fa');
    expect([a.outlet.id, a.cue]).toEqual(['unnamed:state-broadcaster', 'اعلام کرد']);
    expect(outlets('کیهان امروز گزارشی که دیروز منتشر شد، موفق اعلام کرد.', 'fa')).toEqual([]);
  });

  it('reads a Persian word that is an Arabic cue as no cue: «نسبت به»', () => {
    expect(outlets('روزنامه کیهان نسبت به این وضعیت بی‌تفاوت ماند.', 'fa')).toEqual([]);
  });
});

describe("unnamed sources: a country's TV network, a dateline before them, their later references", () => {
  it('reads «شبکه تلویزیونی سوریه» as state television', () => {
    const a = only('به نقل از شبکه تلویزیونی سوریه ،وزیر گفت که جاده باز شد.', 'fa');
    expect([a.outlet.id, a.outlet.country]).toEqual(['unnamed:state-broadcaster', 'SY']);
  });

  it('resolves «این رسانه» to the official medium that spoke after the dateline, not to the publisher', () => {
    const found = extract(
      'به گزارش ایمنا، رسانه رسمی کره شمالی امروز آزمایش را که روز گذشته انجام شد، موفق اعلام کرد. این رسانه همچنین اعلام کرد آزمایش بعدی نزدیک است.',
      'fa',
    );
    expect(found.map((a) => a.outlet.id)).toEqual(['imna', 'unnamed:state-media', 'unnamed:state-media']);
  });

  it('still takes an unnamed descriptor set off by commas into the name: "IRNA, the official news agency, said"', () => {
    expect(outlets('IRNA, the official news agency, said the road reopened.')).toEqual(['irna']);
  });

  it('takes an unnamed descriptor with an owner into the name: "KCNA, the North\'s official news agency, said"', () => {
    const a = only("KCNA, the North's official news agency, said the launch succeeded.");
    expect([a.outlet.id, a.claim]).toEqual(['kcna', 'the launch succeeded']);
  });

  it('resolves "the agency" to the official agency that spoke, by their shared head noun', () => {
    expect(
      outlets('The official news agency said the road reopened. The agency added that a bridge was hit.'),
    ).toEqual(['unnamed:news-agency', 'unnamed:news-agency']);
  });

  it('resolves no "it" to an unnamed source', () => {
    expect(outlets('State media said the road reopened. It added that a bridge was hit.')).toEqual([
      'unnamed:state-media',
    ]);
  });
});

describe('Persian verbs read by their paradigm', () => {
  it.each([
    ['خبرگزاری مهر گزارش نداد که جاده بازگشایی شد.', 'گزارش نداد'],
    ['روزنامه کیهان اعتراض کرده و نوشت که جاده بازگشایی شد.', 'اعتراض کرده'],
    ['خبرگزاری ایسنا اعلام نمی‌کند که جاده بازگشایی شد.', 'اعلام نمی‌کند'],
    ['رسانه‌های دولتی تکذیب کردند که جاده بازگشایی شد.', 'تکذیب کردند'],
  ])('reads "%s"', (text, cue) => {
    expect(only(text, 'fa').cue).toBe(cue);
  });
});

describe('asides set off by dashes, and Persian clauses after «که»', () => {
  it('skips an aside between two dashes to the verb', () => {
    const a = only(
      'The hardline daily Kayhan — whose editor the Leader appoints — began by faulting the cabinet.',
    );
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['kayhan', 'began', 'by faulting the cabinet']);
  });

  it('reads a paper opening the clause after «که», with the country after its name', () => {
    const a = only('یک منبع گفت که مجله اشپیگل آلمان همیشه ادعاهای دروغی منتشر می کند.', 'fa');
    expect([a.outlet.id, a.cue, a.claim]).toEqual(['der-spiegel', 'منتشر می کند', 'همیشه ادعاهای دروغی']);
  });

  it('reads no Arabic clause after أن as verb-final', () => {
    expect(outlets('وأضاف المدير ان قناة الميادين تعمل على نقل الواقع.', 'ar')).toEqual([]);
  });
});

describe('Arabic verbs read by their paradigm', () => {
  it('reads every verb after a relative: «حسبما كشفت», «وفق ما أوضح»', () => {
    expect(outlets('وأغلق الطريق، حسبما كشفت قناة الميادين.', 'ar')).toEqual(['al-mayadeen']);
    expect(outlets('وأغلق الطريق وفق ما أوضح التلفزيون السوري.', 'ar')).toEqual([
      'unnamed:state-broadcaster',
    ]);
  });

  it('reads no present of a verb whose present is also a passive: «تعتبر» (is considered)', () => {
    expect(outlets('تعتبر صحيفة هآرتس من أقدم الصحف.', 'ar')).toEqual([]);
  });
});

describe('Afghan outlets an Iran and Afghanistan desk cites', () => {
  it('finds Afghanistan International, Khaama Press and Hasht-e Subh, the last only as a paper', () => {
    expect(outlets('افغانستان اینترنشنال گزارش داد که جاده بسته شد.', 'fa')).toEqual([
      'afghanistan-international',
    ]);
    expect(outlets('Khaama Press reported that the road closed.')).toEqual(['khaama-press']);
    expect(outlets('به گزارش روزنامه هشت صبح، جاده بسته شد.', 'fa')).toEqual(['hasht-e-subh']);
    expect(outlets('ساعت هشت صبح مقامات گفتند که جاده بسته شد.', 'fa')).toEqual([]);
  });
});

describe('outlets that own the speaker or that a governed phrase names', () => {
  it('takes no outlet for the speaker when it owns the noun before it: «مدیر شبکه المیادین گفت»', () => {
    expect(outlets('مدیر شبکه المیادین گفت که خبرنگاران سالم هستند.', 'fa')).toEqual([]);
    expect(outlets('مدير قناة الجزيرة قال إن الطاقم بخير.', 'ar')).toEqual([]);
    expect(outlets('خبرنگار شبکه المیادین گفت که خبرنگاران سالم هستند.', 'fa')).toEqual(['al-mayadeen']);
  });

  it('reads no cue in a phrase another word governs: «نسبت به گزارش ایرنا», «با اشاره به گزارش کیهان»', () => {
    expect(outlets('کاربران نسبت به گزارش ایرنا واکنش نشان دادند.', 'fa')).toEqual([]);
    expect(outlets('وزیر با اشاره به گزارش روزنامه کیهان گفت که دولت پاسخ می‌دهد.', 'fa')).toEqual([]);
    expect(outlets('به گزارش ایرنا، دولت پاسخ داد.', 'fa')).toEqual(['irna']);
  });
});

describe('outlets named in a list, and Persian prepositions before report nouns', () => {
  it('gives the outlets a list names the verb after it, also when the head is no source', () => {
    const found = extract(
      'Iranian media, including the Tasnim and Fars news agencies, reported the dam was safe.',
    );
    expect(found.map((a) => [a.outlet.id, a.claim])).toEqual([
      ['tasnim', 'the dam was safe'],
      ['fars', 'the dam was safe'],
    ]);
  });

  it('reads each preposition before each report noun as a cue: «بنابر اعلام», «طبق اطلاعیه»', () => {
    expect(outlets('بنابر اعلام خبرگزاری میزان، سد ایمن است.', 'fa')).toEqual(['mizan']);
    expect(outlets('طبق اطلاعیه خبرگزاری ایرنا، سد ایمن است.', 'fa')).toEqual(['irna']);
    expect(outlets('ساختمانی متعلق به صدا و سیما آتش گرفت.', 'fa')).toEqual([]);
  });
});

describe('wire agencies by their Arabic and Persian names', () => {
  it('finds AFP as «وكالة الأنباء الفرنسية» and Xinhua as «وكالة أنباء الصين الجديدة»', () => {
    expect(outlets('وتفيد وكالة الأنباء الفرنسية بأن الحكومة اجتمعت.', 'ar')).toEqual(['afp']);
    expect(outlets('وذكرت وكالة أنباء الصين الجديدة (شينخوا) أن السد آمن.', 'ar')).toEqual(['xinhua']);
    expect(outlets('خبرگزاری چین نو گزارش داد که سد ایمن است.', 'fa')).toEqual(['xinhua']);
  });
});
