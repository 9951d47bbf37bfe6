import fc from 'fast-check';
import { topicSpecs } from '@newswire/contracts';
import { configFixes, describeDrift, topicDrift, type TopicState } from './topic-drift';

const specs = topicSpecs('t.', 3);
const asSpecified = (): TopicState[] =>
  specs.map((s) => ({ name: s.name, partitions: s.partitions, config: { ...s.config } }));

describe('topicDrift', () => {
  it('finds nothing when every topic is as specified, or missing (it gets created)', () => {
    expect(topicDrift(specs, asSpecified())).toEqual([]);
    expect(topicDrift(specs, asSpecified().slice(2))).toEqual([]);
    expect(topicDrift(specs, [])).toEqual([]);
  });

  it('reports a changed or unset config and a partition count that must be exact, and ignores what it does not own', () => {
    const states = asSpecified();
    const events = states.find((s) => s.name === 't.article.events.v1')!;
    events.config!['retention.ms'] = String(7 * 24 * 3600 * 1000);
    events.config!['min.insync.replicas'] = '2';
    // Grown in place: the raw topic may (a feed's key moving is tolerated), the others may not.
    states.find((s) => s.name === 't.wire.raw.v1')!.partitions = 12;
    events.partitions = 6;
    states.find((s) => s.name === 't.wire.enriched.v1')!.partitions = 2;
    const projections = states.find((s) => s.name === 't.article.projections.v1')!;
    delete projections.config!['cleanup.policy'];
    expect(topicDrift(specs, states)).toEqual([
      { topic: 't.wire.enriched.v1', kind: 'partitions', want: 1, have: 2 },
      { topic: 't.article.events.v1', kind: 'partitions', want: 3, have: 6 },
      { topic: 't.article.events.v1', kind: 'config', key: 'retention.ms', want: '-1', have: '604800000' },
      {
        topic: 't.article.projections.v1',
        kind: 'config',
        key: 'cleanup.policy',
        want: 'compact',
        have: null,
      },
    ]);
  });

  it('says once which topics it could not read the configs of', () => {
    const states = asSpecified().map(({ name, partitions }) => ({ name, partitions }));
    expect(topicDrift(specs, states)).toEqual([{ kind: 'config-unread', topics: specs.map((s) => s.name) }]);
  });

  it('fixes exactly the drifted configs: applied, they leave no config drift (property)', () => {
    const keyed = specs.flatMap((s) => Object.keys(s.config).map((key) => ({ topic: s.name, key })));
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(...keyed), fc.option(fc.constantFrom('0', '1', '-1', 'delete', 'x'))),
          {
            maxLength: 12,
          },
        ),
        (edits) => {
          const states = asSpecified();
          for (const [{ topic, key }, value] of edits) {
            const config = states.find((s) => s.name === topic)!.config!;
            if (value === null) delete config[key];
            else config[key] = value;
          }
          const drift = topicDrift(specs, states);
          const fixes = configFixes(drift);
          for (const [topic, config] of fixes) {
            const state = states.find((s) => s.name === topic)!;
            // Only what drifted is set: every fixed key really differed.
            for (const key of Object.keys(config)) expect(state.config![key]).not.toBe(config[key]);
            Object.assign(state.config!, config);
          }
          expect(topicDrift(specs, states)).toEqual([]);
          for (const d of drift)
            expect(describeDrift(d)).toContain(d.kind === 'config-unread' ? 'cannot' : d.topic);
        },
      ),
    );
  });
});
