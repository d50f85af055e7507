import { locationSkeleton, moduleStats, terraformLocate, terraformLocatorOf, type TerraformLocator } from '../formats/terraform/hcl';
import type { Block } from '../formats/terraform/hcl/ast';
import type { RawResource } from '../model/resource';
import type { TerraformOutcome } from './load-terraform';
import { restoreUnknowns, UnknownList, type WithUnknowns } from './transfer';

/**
 * A Terraform module's outcome as it crosses between threads (see transfer.ts): each resource's locate() travels as
 * what it reads of its block (a skeleton: the whole syntax tree would be most of the message). Its own module so that runs without Terraform load no Terraform reader.
 */
export interface TerraformMessage extends WithUnknowns {
  outcome: Omit<TerraformOutcome, 'result'> & {
    result: Omit<TerraformOutcome['result'], 'resources' | 'stats'> & { resources: TerraformResourceData[]; stats: { files: number; blocks: number } };
  };
}

type TerraformResourceData = Omit<RawResource, 'locate' | 'configured'> & { locator: TerraformLocator };

export function encodeTerraformOutcome({ result, refused }: TerraformOutcome): TerraformMessage {
  const list = new UnknownList();
  const skeletons = new Map<Block, Block>();
  const resources = result.resources.map((resource): TerraformResourceData => {
    const locator = terraformLocatorOf(resource);
    // configured() is a plan's; a resource of unknown making stays on the main thread.
    if (!locator || resource.configured) throw new Error('only Terraform resources read from modules cross threads');
    const { locate: _locate, ...data } = resource;
    list.visitResource(data);
    return { ...data, locator: 'block' in locator ? { ...locator, block: locationSkeleton(locator.block, skeletons) } : locator };
  });
  // The statistics' Unknown reasons are a getter that walks every value: counted on demand, on the main thread.
  const stats = { files: result.stats.files, blocks: result.stats.blocks };
  return { outcome: { refused, result: { ...result, resources, stats } }, unknowns: list.unknowns, classes: list.classes };
}

/** The module outcome a worker sent, with its Unknowns' classes, its resources' locate() and its statistics restored. */
export function decodeTerraformOutcome(message: TerraformMessage): TerraformOutcome {
  restoreUnknowns(message);
  const { result, refused } = message.outcome;
  // Built onto a literal, not from a spread: see withFields (model/location.ts).
  const resources = result.resources.map(({ locator, ...data }): RawResource => Object.assign({ format: data.format }, data, { locate: terraformLocate(locator) }));
  return { refused, result: { ...result, resources, stats: moduleStats(result.stats.files, result.stats.blocks, resources) } };
}
