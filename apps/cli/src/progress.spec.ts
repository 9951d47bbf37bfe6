import { Progress } from './progress';

describe('Progress', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('redraws one bar in place on a terminal', () => {
    const out: string[] = [];
    const p = new Progress('replay', 100, (t) => out.push(t), true);
    jest.setSystemTime(300);
    p.add(50);
    p.finish();
    expect(out[0]).toMatch(/^\r\s*replay \[#{15}\.{15}\] 50\/100 events 50%/);
    expect(out.at(-1)).toBe('\n');
  });

  it('writes plain lines, at most one per interval and no carriage return, when stderr is no terminal', () => {
    const out: string[] = [];
    const p = new Progress('replay', 100, (t) => out.push(t), false);
    for (let t = 1; t <= 12; t++) {
      jest.setSystemTime(t * 1000);
      p.add(5);
    }
    const summary = p.finish();
    expect(summary.done).toBe(60);
    expect(out.join('')).not.toMatch(/[\r#]/);
    // 12 s of work: a line at 5 s and 10 s, then the final one.
    expect(out).toEqual([
      'replay: 25/100 events 25% 5 ev/s ETA 15 s\n',
      'replay: 50/100 events 50% 5 ev/s ETA 10 s\n',
      'replay: 60/100 events 60% 5 ev/s ETA 8 s\n',
    ]);
  });
});
