import type { OutletRef } from '@newswire/contracts';
import registryJson from '../data/outlet-registry.json';
import { AttributionError } from './attribution.error';
import { OutletRegistryData, type RegistryOutlet } from './outlet-registry.schema';

/** A validated outlet registry. Treat as immutable: matchers compiled from it are cached per object. */
export interface OutletRegistry extends OutletRegistryData {
  readonly byId: ReadonlyMap<string, RegistryOutlet>;
}

/** Validates registry JSON (the bundled data/outlet-registry.json when none is given). */
export function loadOutletRegistry(json: unknown = registryJson): OutletRegistry {
  const parsed = OutletRegistryData.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AttributionError(
      'INVALID_REGISTRY',
      `outlet registry: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return { ...parsed.data, byId: new Map(parsed.data.outlets.map((o) => [o.id, o])) };
}

let bundled: OutletRegistry | undefined;

/** The bundled registry, validated once. */
export function defaultRegistry(): OutletRegistry {
  bundled ??= loadOutletRegistry();
  return bundled;
}

/** The outlet as an attribution cites it. */
export function outletRef(outlet: RegistryOutlet): OutletRef {
  return {
    id: outlet.id,
    name: outlet.name,
    kind: outlet.kind,
    country: outlet.country,
    ...(outlet.controlledBy ? { controlledBy: outlet.controlledBy } : {}),
  };
}
