import type { DomainNode, Model } from '../../model/domain';

/**
 * The `model` value of a policy scope: exposes `ofKind(kind)`, `byId(id)` and `resolve(ref)` and nothing else
 * of the Model. `resolve` follows any reference field (`nic.nsgId`): a known ID, or a symbolic ID built from
 * deploy-time inputs (exact within one deployment); an Unknown or absent reference resolves to `undefined`.
 */
export class ModelHandle {
  constructor(readonly model: Model) {}

  resolve(ref: unknown): DomainNode | undefined {
    return this.model.resolve(ref);
  }
}
