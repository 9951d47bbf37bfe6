import { AGENCIES, agencyOf } from './agency';

const name = (body: string[]): string => AGENCIES[agencyOf(body) - 1] ?? 'none';
// Written for these tests.
const TOP = 'The port authority closed the harbour on Monday after a tanker ran aground near the breakwater.';
const MID = 'Crews worked through the night to pump fuel from the damaged hull, officials said.';

describe('agencyOf', () => {
  it.each([
    [['MARSEILLE (AP) — The port authority closed the harbour on Monday.', MID], 'ap'],
    [['Marseille, Mar 11 (AFP) The port authority closed the harbour on Monday.', MID], 'afp'],
    [['AFP  |  Marseille', TOP, MID], 'afp'],
    [['AP', TOP, MID], 'ap'],
    [['By REUTERS', TOP, MID], 'reuters'],
    [['By: The Associated Press', TOP, MID], 'ap'],
    [['by Asia News International', TOP, MID], 'ani'],
  ])('reads a dateline or credit at the top: %j', (body, agency) => {
    expect(name(body)).toBe(agency);
  });

  it.each([
    [[TOP, MID, 'Salvage teams are expected on Tuesday. (dpa/NAN)'], 'dpa'],
    [[TOP, MID, 'Salvage teams are expected on Tuesday. — Reuters'], 'reuters'],
    [[TOP, MID, '(Reporting by Jane Roe; Editing by John Doe)'], 'reuters'],
    [[TOP, MID, '(Reporting by AFP; editing by the Herald desk)'], 'afp'],
    [[TOP, MID, 'WAM'], 'wam'],
  ])('reads a credit line at the end: %j', (body, agency) => {
    expect(name(body)).toBe(agency);
  });

  it('does not take a claim in the text, or a credit deep in the body, for the credit', () => {
    expect(name([TOP, 'The agency told Reuters that the ship was stable.', MID])).toBe('none');
    expect(name(['Officials told AFP the hull was intact.', MID])).toBe('none');
    const deep = [TOP, MID, MID, MID, 'Earlier, PARIS (AFP) — a similar ship ran aground in 2019.', MID];
    expect(name(deep)).toBe('none');
  });

  it('gives no agency when two are credited, or to an empty story', () => {
    expect(name(['MARSEILLE (AP) — The port authority closed the harbour.', MID, '— Reuters'])).toBe('none');
    expect(agencyOf([])).toBe(0);
  });
});
