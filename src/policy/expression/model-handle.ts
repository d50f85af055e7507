import type { DomainNode, Model } from '../../model/domain';
import type { Unknown } from '../../model/unknown';

/**
 * The `model` value of a policy scope: exposes `ofKind(kind)`, `byId(id)` and `resolve(ref)` and nothing else
 * of the Model. `resolve` follows any reference field (`nic.nsgId`): a known ID, or a symbolic ID built from
 * deploy-time inputs (exact within one deployment); an Unknown or absent reference resolves to `undefined`.
 * References resolve from the subject's file (`from`): an ID declared in several files joins the declaration in
 * that file, and is an Unknown of kind `ambiguous` when several other files declare it (see NodesById).
 */
export class ModelHandle {
  constructor(
    readonly model: Model,
    readonly from?: string,
  ) {}

  /** The handle for a policy subject declared in `file`. */
  forSubjectIn(file: string): ModelHandle {
    return new ModelHandle(this.model, file);
  }

  resolve(ref: unknown): DomainNode | Unknown | undefined {
    return this.model.lookup(ref, this.from);
  }
}
