import { pointerOf } from '../../../model/location';
import type { RawResource } from '../../../model/resource';
import type { Value } from '../../../model/unknown';
import { configAddressOf, parseResourceAddress } from '../address';
import { isRemoval, resourceChanges, type ResourceChange } from './changes';
import { readConfiguration, type ConfigResource } from './configuration';
import { InstanceIndex } from './instances';
import { configuredAt } from './configured';
import { pointerLocator } from './locate';
import { plannedResources, type PlannedResource } from './planned';
import { rememberConfigOrigin } from './origin';
import { applyUnknowns, isPlainObject, markComputedUnset } from './unknowns';
import { checkFormatVersion } from './version';

export { refineLocations, type ModuleLocator, type TerraformSources } from './refine';
export { COMPUTED_UNSET, KNOWN_AFTER_APPLY } from './unknowns';

export interface PlanInput {
  /** Relative, `/`-separated path of the plan file. */
  file: string;
  /** The parsed JSON of `terraform show -json <planfile>`. */
  plan: unknown;
}

export interface PlanResult {
  resources: RawResource[];
  /** Set when the file is not a plan this reader understands; `resources` is then empty. */
  fatal?: { message: string; pointer: string };
  stats: { resources: number; unknownAttributes: number };
}

/**
 * Reads a Terraform plan into RawResources: managed resources of `planned_values` (root and child modules)
 * with the values of their `resource_changes` entry (`after`, with `after_unknown` turned into Unknown),
 * resources being deleted left out, and `configuration` references mapped to resource instance addresses.
 * Sensitive values stay in `values` as the plan has them; nothing here prints them.
 * Locations are JSON pointers into the plan; when the configuration's `.tf` files are at hand, call
 * `refineLocations` afterwards to point at `.tf` lines instead.
 */
export function readPlan(input: PlanInput): PlanResult {
  const stats = { resources: 0, unknownAttributes: 0 };
  try {
    const plan = input.plan;
    if (!isPlainObject(plan)) return { resources: [], fatal: { message: 'a Terraform plan must be a JSON object', pointer: '' }, stats };
    const versionProblem = checkFormatVersion(plan['format_version']);
    if (versionProblem) return { resources: [], fatal: { message: versionProblem, pointer: '/format_version' }, stats };

    const changes = resourceChanges(plan);
    const sources = collectSources(plan, changes);
    const config = readConfiguration(plan['configuration']);
    const instances = new InstanceIndex(sources.map((s) => s.planned.address));
    const resources = sources.map(({ planned, change }) => {
      const { resource, unknownAttributes } = toRawResource(input.file, planned, change, config, instances);
      stats.unknownAttributes += unknownAttributes;
      return resource;
    });
    stats.resources = resources.length;
    return { resources, stats };
  } catch (error) {
    // Defensive: a malformed plan must become a finding, never a crash of the run.
    const reason = error instanceof Error ? error.message : String(error);
    return { resources: [], fatal: { message: `could not read the Terraform plan: ${reason}`, pointer: '' }, stats };
  }
}

interface ResourceSource {
  planned: PlannedResource;
  change: ResourceChange | undefined;
}

/** Planned resources with their change; plus changed resources that `planned_values` lacks. */
function collectSources(plan: Record<string, unknown>, changes: Map<string, ResourceChange>): ResourceSource[] {
  const sources: ResourceSource[] = [];
  const seen = new Set<string>();
  for (const planned of plannedResources(plan)) {
    seen.add(planned.address);
    const change = changes.get(planned.address);
    if (change && isRemoval(change)) continue;
    sources.push({ planned, change });
  }
  for (const change of changes.values()) {
    if (seen.has(change.address) || isRemoval(change) || !isPlainObject(change.after)) continue;
    const pointer = ['resource_changes', change.index];
    sources.push({
      planned: {
        address: change.address,
        type: change.type,
        json: {},
        pointer,
        valuesPointer: [...pointer, 'change', 'after'],
        values: change.after,
      },
      change,
    });
  }
  return sources;
}

function toRawResource(
  file: string,
  planned: PlannedResource,
  change: ResourceChange | undefined,
  config: Map<string, ConfigResource>,
  instances: InstanceIndex,
): { resource: RawResource; unknownAttributes: number } {
  const locate = pointerLocator(file, planned.values, planned.valuesPointer);
  const after = change && isPlainObject(change.after) ? change.after : planned.values;
  let unknownAttributes = 0;
  const merged = applyUnknowns(after, change?.afterUnknown, locate, () => unknownAttributes++);
  let values: { [key: string]: Value } = isPlainObject(merged) ? (merged as { [key: string]: Value }) : {};

  const parsed = parseResourceAddress(planned.address);
  const configResource = parsed ? config.get(configAddressOf(parsed)) : undefined;
  if (configResource) values = markComputedUnset(values, configResource.expressions);

  const resource: RawResource = {
    format: 'tfplan',
    file,
    type: planned.type,
    name: planned.address,
    id: planned.address,
    values,
    at: { file, pointer: pointerOf(planned.pointer) },
    locate,
    // The values are the provider's; without the configuration block nothing is known to be the user's.
    configured: (path) => (configResource ? configuredAt(configResource.expressions, path) : undefined),
  };
  if (configResource) {
    const references: Record<string, string[]> = {};
    for (const [path, refs] of configResource.references) {
      const addresses = instances.resolve(planned.address, refs);
      if (addresses.length > 0) references[path] = addresses;
    }
    resource.references = references;

    rememberConfigOrigin(resource, { localAddress: configResource.localAddress, moduleDir: configResource.moduleDir });
  }
  return { resource, unknownAttributes };
}
