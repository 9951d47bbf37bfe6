import { detectLanguage } from './detect-language';

describe('detectLanguage', () => {
  it('tells Persian from Arabic by letters only one of them uses', () => {
    expect(detectLanguage('خبرگزاری تسنیم گزارش داد که هیئتی از آژانس به تهران سفر خواهد کرد')).toBe('fa');
    expect(detectLanguage('ذكرت الوكالة العربية السورية للأنباء أن الوزير وصل إلى دمشق')).toBe('ar');
  });

  it('recognises English and other Latin-script languages by their common words', () => {
    expect(
      detectLanguage('The meeting was attended by the head of the political bureau, state media said.'),
    ).toBe('en');
    expect(
      detectLanguage('Der Trainer regte sich nach dem Spiel über den Elfmeter auf und sagte, das ist nicht'),
    ).toBe('de');
  });

  it('says und when nothing decides', () => {
    expect(detectLanguage('12345 !!!')).toBe('und');
  });
});
