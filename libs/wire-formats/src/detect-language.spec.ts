import { detectLanguage } from './detect-language';
import written from './detect-language.samples.json';

describe('detectLanguage', () => {
  it.each(written.samples)('reads a one-sentence news sample in %s', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('tells Persian from Arabic, also when the Persian is typed with the Arabic yeh and kaf', () => {
    expect(detectLanguage('خبرگزاری تسنیم گزارش داد که هیئتی از آژانس به تهران سفر خواهد کرد')).toBe('fa');
    expect(detectLanguage('ذكرت الوكالة العربية السورية للأنباء أن الوزير وصل إلى دمشق')).toBe('ar');
    expect(detectLanguage('رييس جمهور در نشست خبري گفت كه دولت اين طرح را به مجلس مي‌فرستد')).toBe('fa');
  });

  it('decides on the start of a long text and ignores what follows', () => {
    const english = written.samples.find(([l]) => l === 'en')?.[1] ?? '';
    expect(detectLanguage(`${english} ${english} ${'Das ist nicht gut. '.repeat(200)}`)).toBe('en');
  });

  it('says und when nothing decides', () => {
    expect(detectLanguage('12345 !!!')).toBe('und');
    expect(detectLanguage('')).toBe('und');
  });
});
