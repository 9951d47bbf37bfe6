import { describe, expect, it } from '@jest/globals';
import { projectionAt } from './projection.fixture';
import { renderDelivery } from './render-delivery';

describe('renderDelivery', () => {
  const p = projectionAt(2, { urgency: 2, subjects: [{ name: 'Politics', code: 'medtop:11000000' }] });

  it('renders ninjs 3.1 with the article as the item and the projection version as its version', () => {
    const ninjs = JSON.parse(renderDelivery(p, 'ninjs-3.1'));
    expect(ninjs).toMatchObject({
      uri: 'urn:newswire:article:art_1',
      version: '2',
      pubStatus: 'usable',
      urgency: 2,
      language: 'en',
      headlines: [{ role: 'main', value: 'Leaders meet in Tehran' }],
      subjects: [{ name: 'Politics', literal: 'medtop:11000000' }],
      standard: { name: 'ninjs', version: '3.1' },
    });
  });

  it('renders ninjs 2.2 with its lower-case names', () => {
    const ninjs = JSON.parse(renderDelivery(p, 'ninjs-2.2'));
    expect(ninjs).toMatchObject({ pubstatus: 'usable', versioncreated: p.lastRevised });
  });

  it('sends a withdrawn article, or one withdrawn from the subscriber, as canceled', () => {
    const killed = { ...p, status: 'withdrawn' as const };
    expect(JSON.parse(renderDelivery(killed, 'ninjs-3.1')).pubStatus).toBe('canceled');
    expect(JSON.parse(renderDelivery(p, 'ninjs-2.2', true)).pubstatus).toBe('canceled');
    expect(JSON.parse(renderDelivery(p, 'newswire-json', true)).status).toBe('withdrawn');
    expect(JSON.parse(renderDelivery(p, 'newswire-json'))).toEqual(p);
  });
});
