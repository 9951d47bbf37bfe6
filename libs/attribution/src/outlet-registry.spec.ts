import Ajv2020 from 'ajv/dist/2020';
import registryJson from '../data/outlet-registry.json';
import registrySchema from '../data/outlet-registry.schema.json';
import { AttributionError } from './attribution.error';
import { defaultRegistry, loadOutletRegistry, outletRef } from './outlet-registry';

describe('outlet registry', () => {
  it('validates the bundled registry and stamps a dated version', () => {
    const registry = defaultRegistry();
    expect(registry.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    expect(registry.outlets.length).toBeGreaterThanOrEqual(60);
  });

  it('conforms to its JSON Schema as well as to the zod schema', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(registrySchema);
    expect(validate.errors ?? []).toEqual([]);
    expect(validate(registryJson)).toBe(true);
  });

  it.each([
    ['irib', 'state-broadcaster', 'IR', 'صدا و سیما'],
    ['fars', 'news-agency', 'IR', 'خبرگزاری فارس'],
    ['al-manar', 'tv-channel', 'LB', 'المنار'],
    ['sana', 'news-agency', 'SY', 'سانا'],
    ['al-masirah', 'tv-channel', 'YE', 'قناة المسيرة'],
  ])(
    'describes %s with kind, country, controller and aliases in three scripts',
    (id, kind, country, alias) => {
      const outlet = defaultRegistry().byId.get(id)!;
      expect(outlet).toMatchObject({ kind, country });
      expect(outlet.controlledBy).toBeTruthy();
      const aliases = Object.values(outlet.aliases).flat();
      expect(aliases).toContain(alias);
      expect(outlet.aliases.en?.length).toBeGreaterThan(0);
    },
  );

  it('gives every outlet reference its controller when the registry knows it', () => {
    expect(outletRef(defaultRegistry().byId.get('fars')!)).toEqual({
      id: 'fars',
      name: 'Fars News Agency',
      kind: 'news-agency',
      country: 'IR',
      controlledBy: 'Islamic Revolutionary Guard Corps',
    });
  });

  it('rejects a duplicate outlet id with a typed error naming the field', () => {
    const twice = { ...registryJson, outlets: [registryJson.outlets[0], registryJson.outlets[0]] };
    expect(() => loadOutletRegistry(twice)).toThrow(AttributionError);
    expect(() => loadOutletRegistry(twice)).toThrow(/outlets\.1\.id: duplicate outlet id 'irib'/);
  });

  it('rejects an unknown outlet kind', () => {
    const bad = { ...registryJson, outlets: [{ ...registryJson.outlets[0], kind: 'blog' }] };
    try {
      loadOutletRegistry(bad);
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(AttributionError);
      expect((e as AttributionError).code).toBe('INVALID_REGISTRY');
      expect((e as AttributionError).message).toContain('outlets.0.kind');
    }
  });
});
